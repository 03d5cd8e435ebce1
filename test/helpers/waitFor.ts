export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Names the awaited condition in the timeout error, e.g. 'camera online'. */
  what: string;
}

/**
 * Polls `predicate` until it returns a truthy value and resolves with that value. A throwing
 * predicate counts as "not yet"; its last error is quoted if time runs out.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, what }: WaitForOptions,
): Promise<T> {
  const deadlineMs = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadlineMs) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

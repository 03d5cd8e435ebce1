/**
 * How long the page waits before it tries to reach the daemon again: a restart takes seconds,
 * so the first tries come quickly; a daemon that stays away is asked twice a minute, not
 * hammered by every page left open on a wall screen.
 */

export const FIRST_RETRY_MS = 1000;
export const LONGEST_RETRY_MS = 30_000;

/** The wait before the next try after `failures` tries in a row came to nothing (0, 1, ...). */
export function retryDelayMs(failures: number): number {
  const doublings = Math.max(0, Math.floor(failures));
  // Capped before the power: 2 ** 1000 would be Infinity, not a wait.
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(doublings, 30));
}

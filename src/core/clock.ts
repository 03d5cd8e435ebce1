/** A timer as the clock that set it knows it; opaque to everyone else. */
export type TimerHandle = unknown;

/**
 * Time for the whole daemon: the wall clock and timers, from one object the composition root
 * hands to every part, so a test can replace all of them with one fake and move time itself.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Restarts a pending timeout's delay in place (a watchdog fed on every frame). */
  refreshTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
  /** The timer no longer keeps the process alive on its own. */
  unref(handle: TimerHandle): TimerHandle;
}

/** Node's timers and Date.now. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  // refresh() keeps the Timeout object: no allocation per frame.
  refreshTimeout: (handle) => {
    (handle as NodeJS.Timeout).refresh();
  },
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  unref: (handle) => (handle as NodeJS.Timeout).unref(),
};

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

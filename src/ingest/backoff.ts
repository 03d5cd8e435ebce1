export interface BackoffOptions {
  /** Delay before the first restart. */
  initialMs: number;
  /** No delay is ever longer than this, jitter included. */
  maxMs: number;
  /** Each consecutive failure multiplies the delay by this. */
  factor: number;
  /** Spread as a fraction of the delay (0.2 = ±20 %), so cameras behind one failed switch
   *  do not all reconnect in the same instant. */
  jitter: number;
  /** A run that stayed healthy this long starts the next failure from initialMs again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
  resetAfterMs: 60_000,
});

/** Exponential backoff with jitter and a cap. */
export class Backoff {
  readonly options: Readonly<BackoffOptions>;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions, random: () => number = Math.random) {
    checkOptions(options);
    this.options = Object.freeze({ ...options });
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  nextDelayMs(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const baseMs = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt += 1;
    const spread = 1 + jitter * (2 * this.random() - 1);
    return Math.round(Math.min(maxMs, baseMs * spread));
  }

  /**
   * The delay before restarting a run that failed after `healthyForMs` of health (null: it
   * never was healthy); a run healthy for resetAfterMs starts again from initialMs.
   */
  delayAfterRunMs(healthyForMs: number | null): number {
    if (healthyForMs !== null && healthyForMs >= this.options.resetAfterMs) this.reset();
    return this.nextDelayMs();
  }

  /** Consecutive failures counted so far. */
  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}

function checkOptions(o: BackoffOptions): void {
  const atLeast = (name: keyof BackoffOptions, min: number) => {
    if (!Number.isFinite(o[name]) || o[name] < min) {
      throw new RangeError(`backoff.${name} must be a number >= ${min}, got ${o[name]}`);
    }
  };
  atLeast('initialMs', 0);
  atLeast('maxMs', o.initialMs);
  atLeast('factor', 1);
  atLeast('resetAfterMs', 0);
  if (!Number.isFinite(o.jitter) || o.jitter < 0 || o.jitter > 1) {
    throw new RangeError(`backoff.jitter must be within [0, 1], got ${o.jitter}`);
  }
}

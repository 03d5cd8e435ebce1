import type { SmoothingConfig } from '../config/types.js';

/**
 * Smooths class probabilities over consecutive windows of one camera, so that one odd window
 * neither starts nor ends an action. Both methods keep the probabilities summing to 1.
 */
export interface ScoreSmoother {
  /** Adds one window's probabilities; returns the smoothed ones (reused by the next push). */
  push(probabilities: Float32Array): Float32Array;
  /** Forgets every window, e.g. after the stream broke. */
  reset(): void;
  /** Windows that contributed to the last result. */
  readonly depth: number;
}

export function createSmoother(config: SmoothingConfig, classes: number): ScoreSmoother {
  if (!Number.isInteger(classes) || classes <= 0) {
    throw new RangeError(`classes must be a positive integer, got ${classes}`);
  }
  if (config.method === 'ema') return new EmaSmoother(config.alpha, classes);
  return new MeanSmoother(config.windows, classes);
}

/** Mean of the last K windows; the sum is recomputed per push (K x classes adds, no drift). */
class MeanSmoother implements ScoreSmoother {
  private readonly history: Float32Array[];
  private readonly out: Float32Array;
  private filled = 0;
  private next = 0;

  constructor(windows: number, classes: number) {
    if (!Number.isInteger(windows) || windows < 1) {
      throw new RangeError(`smoothing windows must be an integer >= 1, got ${windows}`);
    }
    this.history = Array.from({ length: windows }, () => new Float32Array(classes));
    this.out = new Float32Array(classes);
  }

  get depth(): number {
    return this.filled;
  }

  push(probabilities: Float32Array): Float32Array {
    checkLength(probabilities, this.out.length);
    (this.history[this.next] as Float32Array).set(probabilities);
    this.next = (this.next + 1) % this.history.length;
    this.filled = Math.min(this.filled + 1, this.history.length);
    this.out.fill(0);
    for (let w = 0; w < this.filled; w++) {
      const window = this.history[w] as Float32Array;
      for (let i = 0; i < this.out.length; i++) {
        this.out[i] = (this.out[i] as number) + (window[i] as number);
      }
    }
    for (let i = 0; i < this.out.length; i++) this.out[i] = (this.out[i] as number) / this.filled;
    return this.out;
  }

  reset(): void {
    this.filled = 0;
    this.next = 0;
  }
}

/** s = alpha * p + (1 - alpha) * s; the first window after a reset is taken as it is. */
class EmaSmoother implements ScoreSmoother {
  private readonly state: Float32Array;
  private windows = 0;

  constructor(
    private readonly alpha: number,
    classes: number,
  ) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new RangeError(`smoothing alpha must be in (0, 1], got ${alpha}`);
    }
    this.state = new Float32Array(classes);
  }

  get depth(): number {
    return this.windows;
  }

  push(probabilities: Float32Array): Float32Array {
    checkLength(probabilities, this.state.length);
    if (this.windows === 0) {
      this.state.set(probabilities);
    } else {
      const keep = 1 - this.alpha;
      for (let i = 0; i < this.state.length; i++) {
        this.state[i] =
          this.alpha * (probabilities[i] as number) + keep * (this.state[i] as number);
      }
    }
    this.windows++;
    return this.state;
  }

  reset(): void {
    this.windows = 0;
  }
}

function checkLength(probabilities: Float32Array, classes: number): void {
  if (probabilities.length !== classes) {
    throw new RangeError(`expected ${classes} probabilities, got ${probabilities.length}`);
  }
}

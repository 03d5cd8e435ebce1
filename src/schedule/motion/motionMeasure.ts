import type { LumaGrid } from './lumaFromRgb.js';

export interface MotionMeasureOptions {
  grid: LumaGrid;
  /**
   * A sample changed when its luma moved by more than this (0-255) against the previous frame,
   * after the frame's overall brightness shift is taken out: below it is sensor noise and
   * compression flicker.
   */
  pixelThreshold: number;
  /** 1 where a sample counts, 0 where a mask covers it (rasteriseMasks); all count without. */
  counts?: Uint8Array;
}

/**
 * How much of a camera's picture moved between two consecutive sampled frames: the fraction
 * of unmasked samples whose luma changed by more than the threshold. Frames are 133 ms apart
 * at the model's 7.5 fps, so a person moving shows up while a slow drift of light does not.
 * Everything is allocated here once; measure() allocates nothing.
 */
export class MotionMeasure {
  private readonly previous: Uint8Array;
  /** 1 where a sample counts, 0 under a mask: multiplied in, so the loops never branch on it. */
  private readonly counts: Uint8Array;
  private readonly counted: number;
  private readonly threshold: number;
  private hasPrevious = false;

  constructor(opts: MotionMeasureOptions) {
    const size = opts.grid.width * opts.grid.height;
    if (opts.counts !== undefined && opts.counts.length !== size) {
      throw new RangeError(`mask bitmap holds ${opts.counts.length} samples, the plane ${size}`);
    }
    if (!(Number.isInteger(opts.pixelThreshold) && opts.pixelThreshold >= 0)) {
      throw new RangeError(`pixelThreshold must be an integer >= 0, got ${opts.pixelThreshold}`);
    }
    this.previous = new Uint8Array(size);
    this.counts = opts.counts === undefined ? new Uint8Array(size).fill(1) : opts.counts.map(bit);
    this.counted = this.counts.reduce((sum, v) => sum + v, 0);
    this.threshold = opts.pixelThreshold;
  }

  /** Samples that can show motion (the plane less its masks). */
  get countedSamples(): number {
    return this.counted;
  }

  /**
   * Fraction (0..1) of counted samples that changed since the previous frame; 0 for the first
   * frame after construction or reset(), which has nothing to compare with.
   */
  measure(luma: Uint8Array): number {
    if (!this.hasPrevious || this.counted === 0) return this.remember(luma, 0);
    const shift = this.brightnessShift(luma);
    const { previous, counts, threshold } = this;
    const n = previous.length;
    let changed = 0;
    // Branch-free: a frame of noise makes "changed or not" a coin toss the CPU cannot predict.
    for (let i = 0; i < n; i++) {
      const diff = (luma[i] as number) - (previous[i] as number) - shift;
      const sign = diff >> 31;
      const magnitude = (diff ^ sign) - sign;
      changed += ((threshold - magnitude) >>> 31) & (counts[i] as number);
    }
    return this.remember(luma, changed / this.counted);
  }

  /** A new ffmpeg run: the next frame is not compared with one from before the gap. */
  reset(): void {
    this.hasPrevious = false;
  }

  /** Auto exposure and lights switching on move every sample the same way: take that out. */
  private brightnessShift(luma: Uint8Array): number {
    const { previous, counts } = this;
    const n = previous.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += ((luma[i] as number) - (previous[i] as number)) * (counts[i] as number);
    }
    return Math.round(sum / this.counted);
  }

  private remember(luma: Uint8Array, score: number): number {
    this.previous.set(luma.subarray(0, this.previous.length));
    this.hasPrevious = true;
    return score;
  }
}

function bit(value: number): number {
  return value === 0 ? 0 : 1;
}

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
  /** Indices of the samples that count, so the loops neither branch on the mask nor read it. */
  private readonly counted: Uint32Array;
  private readonly threshold: number;
  private hasPrevious = false;

  constructor(opts: MotionMeasureOptions) {
    const size = opts.grid.width * opts.grid.height;
    if (opts.counts !== undefined && opts.counts.length !== size) {
      throw new RangeError(`mask bitmap holds ${opts.counts.length} samples, the plane ${size}`);
    }
    if (!(opts.pixelThreshold >= 0 && opts.pixelThreshold < 255)) {
      throw new RangeError(`pixelThreshold must be in 0..254, got ${opts.pixelThreshold}`);
    }
    this.previous = new Uint8Array(size);
    this.counted = countedIndices(size, opts.counts);
    this.threshold = opts.pixelThreshold;
  }

  /** Samples that can show motion (the plane less its masks). */
  get countedSamples(): number {
    return this.counted.length;
  }

  /**
   * Fraction (0..1) of counted samples that changed since the previous frame; 0 for the first
   * frame after construction or reset(), which has nothing to compare with.
   */
  measure(luma: Uint8Array): number {
    const counted = this.counted;
    const n = counted.length;
    if (!this.hasPrevious || n === 0) return this.remember(luma, 0);
    const previous = this.previous;
    // Auto exposure and lights switching on move every sample the same way: take that out.
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const i = counted[k] as number;
      sum += (luma[i] as number) - (previous[i] as number);
    }
    const shift = Math.round(sum / n);
    const threshold = this.threshold;
    let changed = 0;
    for (let k = 0; k < n; k++) {
      const i = counted[k] as number;
      const diff = (luma[i] as number) - (previous[i] as number) - shift;
      if (diff > threshold || -diff > threshold) changed++;
    }
    return this.remember(luma, changed / n);
  }

  /** A new ffmpeg run: the next frame is not compared with one from before the gap. */
  reset(): void {
    this.hasPrevious = false;
  }

  private remember(luma: Uint8Array, score: number): number {
    this.previous.set(luma.subarray(0, this.previous.length));
    this.hasPrevious = true;
    return score;
  }
}

function countedIndices(size: number, counts: Uint8Array | undefined): Uint32Array {
  if (counts === undefined) return Uint32Array.from({ length: size }, (_, i) => i);
  const indices: number[] = [];
  for (let i = 0; i < size; i++) if (counts[i] !== 0) indices.push(i);
  return Uint32Array.from(indices);
}

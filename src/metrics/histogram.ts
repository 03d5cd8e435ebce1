/**
 * A Prometheus-style histogram: cumulative counts per upper bound, plus sum and count.
 * Fixed buckets, so observing is O(buckets) with no allocation.
 */
export interface HistogramSnapshot {
  /** Upper bounds, ascending; +Inf is implied by `count`. */
  bounds: readonly number[];
  /** Observations <= each bound (cumulative), same order as `bounds`. */
  cumulative: number[];
  sum: number;
  count: number;
}

export class Histogram {
  private readonly bounds: readonly number[];
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(bounds: readonly number[]) {
    for (let i = 0; i < bounds.length; i++) {
      const bound = bounds[i] as number;
      if (!Number.isFinite(bound) || (i > 0 && bound <= (bounds[i - 1] as number))) {
        throw new RangeError(
          `histogram bounds must be finite and ascending, got ${bounds.join(', ')}`,
        );
      }
    }
    this.bounds = [...bounds];
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count += 1;
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= (this.bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return;
      }
    }
  }

  snapshot(): HistogramSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (const count of this.counts) {
      running += count;
      cumulative.push(running);
    }
    return { bounds: this.bounds, cumulative, sum: this.sum, count: this.count };
  }
}

/** Inference takes milliseconds on a GPU and about a second per clip on a small CPU. */
export const INFERENCE_SECONDS_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
] as const;

/**
 * A live image is handed to a viewer's socket within a millisecond when all is well; the event
 * loop's lag or a viewer at its socket's limit stretch it to hundreds.
 */
export const LIVE_WRITE_SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
] as const;

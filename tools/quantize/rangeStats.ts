/**
 * Ranges of one activation tensor over calibration windows. Two estimates come out of the same
 * pass, so quantize_static.py can choose without running the model again:
 * - min/max: the extremes over every window (nothing clips, but one outlier widens the scale
 *   for all values);
 * - percentile: per window the values at `1 - p` and `p` of the tensor (from a histogram between
 *   that window's extremes), averaged over the windows.
 */
export interface TensorRange {
  min: number;
  max: number;
  low: number;
  high: number;
  windows: number;
  /** Per channel of the last axis: min and max over every window (for smoothing, see qdq_graph.py). */
  channelMin: number[];
  channelMax: number[];
}

const BINS = 4096;

export class RangeAccumulator {
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private lowSum = 0;
  private highSum = 0;
  private windows = 0;
  private readonly histogram = new Float64Array(BINS);
  private channelMin: Float32Array | null = null;
  private channelMax: Float32Array | null = null;

  /** `percentile`: e.g. 0.9999 keeps all but the highest and lowest 0.01 % of values. */
  constructor(private readonly percentile: number) {
    if (!(percentile > 0.5 && percentile <= 1)) {
      throw new RangeError(`percentile must be in (0.5, 1], got ${percentile}`);
    }
  }

  /** `channels`: size of the tensor's last axis. */
  add(values: Float32Array, channels = 1): void {
    if (values.length === 0) return;
    this.addChannels(values, channels);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min = Math.min(this.min, min);
    this.max = Math.max(this.max, max);
    const [low, high] = this.quantiles(values, min, max);
    this.lowSum += low;
    this.highSum += high;
    this.windows += 1;
  }

  result(): TensorRange {
    if (this.windows === 0) throw new Error('no values were added');
    return {
      min: this.min,
      max: this.max,
      low: this.lowSum / this.windows,
      high: this.highSum / this.windows,
      windows: this.windows,
      channelMin: Array.from(this.channelMin ?? []),
      channelMax: Array.from(this.channelMax ?? []),
    };
  }

  private addChannels(values: Float32Array, channels: number): void {
    if (this.channelMin === null || this.channelMin.length !== channels) {
      this.channelMin = new Float32Array(channels).fill(Number.POSITIVE_INFINITY);
      this.channelMax = new Float32Array(channels).fill(Number.NEGATIVE_INFINITY);
    }
    const lows = this.channelMin;
    const highs = this.channelMax as Float32Array;
    for (let at = 0; at < values.length; at += channels) {
      for (let c = 0; c < channels; c++) {
        const v = values[at + c] as number;
        if (v < (lows[c] as number)) lows[c] = v;
        if (v > (highs[c] as number)) highs[c] = v;
      }
    }
  }

  private quantiles(values: Float32Array, min: number, max: number): [number, number] {
    if (max === min || this.percentile === 1) return [min, max];
    const hist = this.histogram;
    hist.fill(0);
    const perBin = BINS / (max - min);
    for (let i = 0; i < values.length; i++) {
      const bin = Math.min(BINS - 1, Math.floor(((values[i] as number) - min) * perBin));
      hist[bin] = (hist[bin] as number) + 1;
    }
    const outside = values.length * (1 - this.percentile);
    let low = min;
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      seen += hist[b] as number;
      if (seen > outside) {
        low = min + b / perBin;
        break;
      }
    }
    let high = max;
    seen = 0;
    for (let b = BINS - 1; b >= 0; b--) {
      seen += hist[b] as number;
      if (seen > outside) {
        high = min + (b + 1) / perBin;
        break;
      }
    }
    return [low, high];
  }
}

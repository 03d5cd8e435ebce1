/**
 * Frames per second actually delivered over the last few seconds, in one-second buckets:
 * constant memory and O(1) per frame, since it runs on the hot path.
 */
export class FrameRateMeter {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;
  private sinceMs: number | null = null;

  constructor(private readonly windowS = 30) {
    if (!Number.isInteger(windowS) || windowS < 2) {
      throw new RangeError(`windowS must be an integer >= 2, got ${windowS}`);
    }
    this.counts = new Float64Array(windowS);
    this.seconds = new Float64Array(windowS).fill(-1);
  }

  /** Starts measuring afresh, e.g. when a new ffmpeg run starts delivering. */
  reset(nowMs: number): void {
    this.counts.fill(0);
    this.seconds.fill(-1);
    this.sinceMs = nowMs;
  }

  record(frames: number, nowMs: number): void {
    if (this.sinceMs === null) this.sinceMs = nowMs;
    const second = Math.floor(nowMs / 1000);
    const slot = second % this.windowS;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] as number) + frames;
  }

  /** Frames per second over the window (or since reset, if that is shorter); 0 before any frame. */
  perSecond(nowMs: number): number {
    if (this.sinceMs === null) return 0;
    const second = Math.floor(nowMs / 1000);
    const oldestSecond = second - this.windowS + 1;
    let frames = 0;
    for (let i = 0; i < this.windowS; i++) {
      const bucketSecond = this.seconds[i] as number;
      if (bucketSecond >= oldestSecond && bucketSecond <= second)
        frames += this.counts[i] as number;
    }
    // From the start of the oldest bucket (or the reset) to now: the current second is partial.
    const spanMs = nowMs - Math.max(oldestSecond * 1000, this.sinceMs);
    return spanMs < 1000 ? 0 : frames / (spanMs / 1000);
  }
}

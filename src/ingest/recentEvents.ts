/**
 * Counts events (restarts, stalls) in a trailing window, e.g. "reconnects in the last hour".
 * Keeps timestamps, not buckets, so the count is exact; memory stays small because the
 * events it counts are rate-limited by backoff (at most one a second or so), and a cap
 * bounds it anyway.
 */
export class RecentEvents {
  private readonly timesMs: number[] = [];
  private start = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxKept = 100_000,
  ) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
  }

  record(nowMs: number): void {
    this.timesMs.push(nowMs);
    if (this.timesMs.length - this.start > this.maxKept) this.start += 1;
    this.prune(nowMs);
  }

  /** Events within the window that ends at `nowMs`. */
  count(nowMs: number): number {
    this.prune(nowMs);
    return this.timesMs.length - this.start;
  }

  private prune(nowMs: number): void {
    const oldestKeptMs = nowMs - this.windowMs;
    while (
      this.start < this.timesMs.length &&
      (this.timesMs[this.start] as number) <= oldestKeptMs
    ) {
      this.start += 1;
    }
    // Shift the array only now and then: splicing on every event would be quadratic.
    if (this.start > 1024 && this.start * 2 > this.timesMs.length) {
      this.timesMs.splice(0, this.start);
      this.start = 0;
    }
  }
}

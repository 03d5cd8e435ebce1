/**
 * Estimates when each frame of a live stream was captured. ffmpeg's fps filter emits frames on
 * an exact grid (frame k at k periods after the stream's start), but they reach us in bursts:
 * the first seconds are buffered while ffmpeg probes the stream, so arrival times squeeze a
 * 2 s window into half a second. A frame never arrives before it was captured, so the earliest
 * `arrival - k * period` seen is the best estimate of the grid's origin.
 *
 * If arrivals fall further and further behind the grid (the camera's clock runs slower than
 * ours), the origin follows them so times never lag arrival by more than `maxLagMs`.
 */
export class LiveFrameClock {
  private originMs: number | null = null;

  constructor(
    private readonly periodMs: number,
    private readonly maxLagMs: number,
  ) {}

  /** The estimated capture time of frame 0 (media time 0); null before the first frame. */
  get origin(): number | null {
    return this.originMs;
  }

  /** Starts a new stream: its frames are numbered from 0 again. */
  reset(): void {
    this.originMs = null;
  }

  timeOf(frameIndex: number, arrivalMs: number): number {
    const origin = arrivalMs - frameIndex * this.periodMs;
    if (this.originMs === null || origin < this.originMs) {
      this.originMs = origin;
    } else if (origin - this.originMs > this.maxLagMs) {
      this.originMs = origin - this.maxLagMs;
    }
    return this.originMs + frameIndex * this.periodMs;
  }
}

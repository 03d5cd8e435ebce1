export interface WindowFeedDeps {
  /** Shows one committed frame to the scheduler; true when that made a window due. */
  offerFrame(seq: number): boolean;
  /** The stream ended: true when a last (tail) window became due. */
  finishStream(): boolean;
  /** Holds ffmpeg's frames back / lets them flow again. */
  pause(): void;
  resume(): void;
  /** Every frame was offered and every window has run. Called once. */
  drained(): void;
  /** offerFrame or finishStream threw; nothing more happens. */
  failed(err: unknown): void;
}

/**
 * Paces a file through the daemon's ClipScheduler so that no window is skipped. A camera
 * cannot wait, so the scheduler keeps only the newest due window; a file can, so while a
 * window is due or running, ffmpeg is paused and frames that still arrive wait here (a few,
 * from the pipe chunk being read) until the window's result is in.
 */
export class PacedWindowFeed {
  private readonly waiting: number[] = [];
  private busy = false;
  private paused = false;
  private ended = false;
  private tailOffered = false;
  private finished = false;

  constructor(private readonly deps: WindowFeedDeps) {}

  /** FrameRing's onCommit. */
  frameCommitted(seq: number): void {
    this.waiting.push(seq);
    this.drain();
  }

  /** The window that was due has its result. */
  windowDone(): void {
    this.busy = false;
    this.drain();
  }

  /** ffmpeg reached the end of the file and every frame it wrote was committed. */
  streamEnded(): void {
    this.ended = true;
    this.drain();
  }

  /** How many committed frames wait for the scheduler (at most a pipe chunk's worth). */
  get backlog(): number {
    return this.waiting.length;
  }

  private drain(): void {
    if (this.finished) return;
    try {
      this.offerWaiting();
      if (!this.busy && this.ended) this.finishOrTail();
    } catch (err) {
      this.finished = true;
      this.deps.failed(err);
      return;
    }
    this.setPaused(this.busy);
  }

  private offerWaiting(): void {
    while (!this.busy && this.waiting.length > 0) {
      const seq = this.waiting.shift() as number;
      this.busy = this.deps.offerFrame(seq);
    }
  }

  private finishOrTail(): void {
    if (!this.tailOffered) {
      this.tailOffered = true;
      this.busy = this.deps.finishStream();
      if (this.busy) return;
    }
    this.finished = true;
    this.deps.drained();
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused || this.finished) return;
    this.paused = paused;
    if (paused) this.deps.pause();
    else this.deps.resume();
  }
}

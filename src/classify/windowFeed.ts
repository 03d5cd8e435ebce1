import type { FrameSink } from '../buffer/frameSink.js';

export interface WindowFeedDeps {
  /** Bytes of one frame. */
  frameBytes: number;
  /**
   * Stores one frame where the scheduler reads windows (its ring) and shows it to the
   * scheduler; true when that made a window due. The bytes are reused once it returns.
   */
  offerFrame(bytes: Uint8Array, timeMs: number): boolean;
  /** The stream ended: true when a last (tail) window became due. */
  finishStream(): boolean;
  /** Asks ffmpeg to hold its frames back / lets them flow again. */
  pause(): void;
  resume(): void;
  /** Every frame was offered and every window has run. Called once. */
  drained(): void;
  /** offerFrame or finishStream threw; nothing more happens. */
  failed(err: unknown): void;
}

interface HeldFrame {
  bytes: Uint8Array;
  timeMs: number;
}

/**
 * Paces a file through the daemon's ClipScheduler so that no window is skipped. A camera
 * cannot wait, so the scheduler keeps only the newest due window; a file can. The feed is
 * the sink ffmpeg's frames are read into: while a window is due or running, frames are held
 * here, outside the scheduler's ring, and only go into the ring once the window's result is
 * in, so the ring never overwrites a window inference has yet to take.
 *
 * Pausing ffmpeg only bounds how many frames are held. It cannot be relied on for more:
 * when ffmpeg exits, Node resumes its stdout to drain it, and whatever was still in the pipe
 * arrives at once however long a window runs.
 */
export class PacedWindowFeed implements FrameSink {
  readonly frameBytes: number;
  private readonly waiting: HeldFrame[] = [];
  /** Buffers of frames already offered, for the next frames to be read into. */
  private readonly spare: Uint8Array[] = [];
  private filling: Uint8Array | null = null;
  private busy = false;
  private paused = false;
  private ended = false;
  private tailOffered = false;
  private finished = false;

  constructor(private readonly deps: WindowFeedDeps) {
    this.frameBytes = deps.frameBytes;
  }

  nextSlot(): Uint8Array {
    this.filling ??= this.spare.pop() ?? new Uint8Array(this.frameBytes);
    return this.filling;
  }

  commit(timeMs: number): void {
    const bytes = this.filling;
    if (bytes === null) throw new Error('commit() without nextSlot()');
    this.filling = null;
    this.waiting.push({ bytes, timeMs });
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

  /** How many frames are held back, waiting for the scheduler. */
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
      const frame = this.waiting.shift() as HeldFrame;
      this.busy = this.deps.offerFrame(frame.bytes, frame.timeMs);
      this.spare.push(frame.bytes);
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

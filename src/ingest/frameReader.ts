import type { FrameSink } from '../buffer/frameSink.js';

/**
 * Cuts ffmpeg's raw stdout into frames exactly at frame boundaries, whatever the pipe's
 * chunk sizes, copying bytes straight into the sink's slot: no allocation per frame.
 */
export class FrameReader {
  private readonly sink: FrameSink;
  private readonly frameTimeMs: (frameIndex: number) => number;
  private slot: Uint8Array | null = null;
  /** Bytes of the current frame already in `slot`. */
  private filled = 0;
  private completed = 0;

  /**
   * @param frameTimeMs time of a completed frame (epoch ms); gets the frame's index counted
   *   from the last reset(), so file sources can derive media time from it.
   */
  constructor(sink: FrameSink, frameTimeMs: (frameIndex: number) => number) {
    if (!Number.isInteger(sink.frameBytes) || sink.frameBytes <= 0) {
      throw new RangeError(`sink.frameBytes must be a positive integer, got ${sink.frameBytes}`);
    }
    this.sink = sink;
    this.frameTimeMs = frameTimeMs;
  }

  /** Frames completed since the last reset(). */
  get frames(): number {
    return this.completed;
  }

  /** Consumes one chunk; returns how many frames it completed. */
  push(chunk: Uint8Array): number {
    const frameBytes = this.sink.frameBytes;
    let done = 0;
    let pos = 0;
    while (pos < chunk.length) {
      const slot = this.slot ?? this.takeSlot(frameBytes);
      const take = Math.min(frameBytes - this.filled, chunk.length - pos);
      // Most pipe chunks fall inside one frame: copy them whole, without making a view.
      slot.set(take === chunk.length ? chunk : chunk.subarray(pos, pos + take), this.filled);
      this.filled += take;
      pos += take;
      if (this.filled === frameBytes) {
        this.sink.commit(this.frameTimeMs(this.completed));
        this.completed += 1;
        this.slot = null;
        this.filled = 0;
        done += 1;
      }
    }
    return done;
  }

  private takeSlot(frameBytes: number): Uint8Array {
    const slot = this.sink.nextSlot();
    if (slot.length !== frameBytes) {
      throw new RangeError(`sink slot holds ${slot.length} bytes, expected ${frameBytes}`);
    }
    this.slot = slot;
    return slot;
  }

  /** Drops a partly read frame (a new ffmpeg run starts on a frame boundary) and the count. */
  reset(): void {
    this.slot = null;
    this.filled = 0;
    this.completed = 0;
  }
}

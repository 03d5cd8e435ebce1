/**
 * Where a frame source writes decoded frames. The source copies bytes straight into the
 * slot it is given, so no frame is allocated on the hot path.
 */
export interface FrameSink {
  /** Bytes of one frame (width * height * 3 for rgb24). */
  readonly frameBytes: number;
  /** The slot the next frame's bytes go into: exactly frameBytes long. */
  nextSlot(): Uint8Array;
  /** The slot last returned by nextSlot() now holds a whole frame, taken at timeMs (epoch ms). */
  commit(timeMs: number): void;
}

import type { FrameSink } from './frameSink.js';

/**
 * Fixed-size ring of the latest decoded frames of one camera, allocated once.
 * Frames are numbered by a sequence that only grows (seq 0 is the first frame ever
 * committed), so a window can be named by the seq of its last frame.
 */
export class FrameRing implements FrameSink {
  readonly frameBytes: number;
  readonly capacity: number;
  private readonly bytes: Uint8Array;
  /** One view per slot, made once: nextSlot() runs for every frame. */
  private readonly slots: Uint8Array[];
  private readonly timesMs: Float64Array;
  private committed = 0;
  private readonly onCommit: ((seq: number, timeMs: number) => void) | undefined;

  constructor(opts: {
    frameBytes: number;
    capacity: number;
    onCommit?: (seq: number, timeMs: number) => void;
  }) {
    if (!Number.isInteger(opts.frameBytes) || opts.frameBytes <= 0) {
      throw new RangeError(`frameBytes must be a positive integer, got ${opts.frameBytes}`);
    }
    if (!Number.isInteger(opts.capacity) || opts.capacity <= 0) {
      throw new RangeError(`capacity must be a positive integer, got ${opts.capacity}`);
    }
    this.frameBytes = opts.frameBytes;
    this.capacity = opts.capacity;
    this.bytes = new Uint8Array(opts.frameBytes * opts.capacity);
    this.slots = Array.from({ length: opts.capacity }, (_, i) =>
      this.bytes.subarray(i * opts.frameBytes, (i + 1) * opts.frameBytes),
    );
    this.timesMs = new Float64Array(opts.capacity);
    this.onCommit = opts.onCommit;
  }

  /** How many frames were ever committed; the next frame gets this seq. */
  get written(): number {
    return this.committed;
  }

  /** Seq of the newest frame, or -1 before the first. */
  get latestSeq(): number {
    return this.committed - 1;
  }

  nextSlot(): Uint8Array {
    return this.slots[this.committed % this.capacity] as Uint8Array;
  }

  commit(timeMs: number): void {
    const seq = this.committed;
    this.timesMs[seq % this.capacity] = timeMs;
    this.committed = seq + 1;
    this.onCommit?.(seq, timeMs);
  }

  /** True while frame `seq` has been committed and not yet overwritten. */
  holds(seq: number): boolean {
    return (
      Number.isInteger(seq) &&
      seq >= 0 &&
      seq < this.committed &&
      seq >= this.committed - this.capacity
    );
  }

  /**
   * The bytes of frame `seq` in place, without a copy: valid until the ring overwrites it,
   * `capacity` frames later. For readers that look at each frame as it is committed.
   */
  frameAt(seq: number): Uint8Array {
    this.assertHeld(seq);
    return this.slots[seq % this.capacity] as Uint8Array;
  }

  timeOf(seq: number): number {
    this.assertHeld(seq);
    return this.timesMs[seq % this.capacity] as number;
  }

  /**
   * Copies the `count` frames ending at `endSeq`, oldest first, into `dest` (count * frameBytes
   * long) and returns the times of the first and last frame.
   */
  copyWindow(endSeq: number, count: number, dest: Uint8Array): { startMs: number; endMs: number } {
    const startSeq = endSeq - count + 1;
    this.assertHeld(startSeq);
    this.assertHeld(endSeq);
    if (dest.length < count * this.frameBytes) {
      throw new RangeError(
        `destination holds ${dest.length} bytes, a ${count}-frame window needs ${count * this.frameBytes}`,
      );
    }
    // At most two contiguous runs: up to the end of the ring, then from its start.
    const firstSlot = startSeq % this.capacity;
    const firstRun = Math.min(count, this.capacity - firstSlot);
    dest.set(
      this.bytes.subarray(firstSlot * this.frameBytes, (firstSlot + firstRun) * this.frameBytes),
      0,
    );
    if (firstRun < count) {
      dest.set(
        this.bytes.subarray(0, (count - firstRun) * this.frameBytes),
        firstRun * this.frameBytes,
      );
    }
    return { startMs: this.timeOf(startSeq), endMs: this.timeOf(endSeq) };
  }

  private assertHeld(seq: number): void {
    if (!this.holds(seq)) {
      throw new RangeError(
        `frame ${seq} is not in the ring (held: ${Math.max(0, this.committed - this.capacity)}..${this.committed - 1})`,
      );
    }
  }
}

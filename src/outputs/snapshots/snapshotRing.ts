/** A full-view JPEG and when its frame was captured. */
export interface Snapshot {
  jpeg: Buffer;
  timeMs: number;
}

/**
 * One camera's most recent snapshot frames, oldest dropped first. An alert fires a moment
 * after its window ended (inference time), so the ring keeps enough frames to still hold the
 * ones the window saw.
 */
export class SnapshotRing {
  private readonly frames: Snapshot[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`snapshot ring capacity must be an integer >= 1, got ${capacity}`);
    }
  }

  get size(): number {
    return this.frames.length;
  }

  push(jpeg: Buffer, timeMs: number): void {
    this.frames.push({ jpeg, timeMs });
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /**
   * The frame that shows a window: the latest one taken within [startMs, endMs], else the one
   * nearest the window's end (a low snapshot rate can fall between a short window's frames).
   */
  pick(window: { startMs: number; endMs: number }): Snapshot | undefined {
    let nearest: Snapshot | undefined;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i] as Snapshot;
      if (frame.timeMs >= window.startMs && frame.timeMs <= window.endMs) return frame;
      const distance = Math.abs(frame.timeMs - window.endMs);
      if (nearest === undefined || distance < Math.abs(nearest.timeMs - window.endMs)) {
        nearest = frame;
      }
    }
    return nearest;
  }
}

/** Frames to keep for `fps`: the last 30 s covers inference latency and skipped windows. */
export function ringCapacityFor(fps: number): number {
  return Math.max(2, Math.ceil(fps * 30));
}

import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/frameRing.js';

function pushFrames(ring: FrameRing, count: number, firstValue: number): void {
  for (let i = 0; i < count; i++) {
    ring.nextSlot().fill((firstValue + i) % 256);
    ring.commit(1000 + (firstValue + i) * 10);
  }
}

describe('FrameRing', () => {
  it('numbers frames from 0 and reports each commit', () => {
    const seen: number[] = [];
    const ring = new FrameRing({ frameBytes: 4, capacity: 3, onCommit: (seq) => seen.push(seq) });
    expect(ring.latestSeq).toBe(-1);
    pushFrames(ring, 5, 0);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(ring.written).toBe(5);
  });

  it('copies a window in order across the wrap-around', () => {
    const ring = new FrameRing({ frameBytes: 2, capacity: 4 });
    pushFrames(ring, 6, 0); // holds frames 2..5 in slots 2,3,0,1
    const dest = new Uint8Array(6);
    const times = ring.copyWindow(5, 3, dest);
    expect([...dest]).toEqual([3, 3, 4, 4, 5, 5]);
    expect(times).toEqual({ startMs: 1030, endMs: 1050 });
  });

  it('shows a held frame in place, without a copy, and refuses one it no longer holds', () => {
    const seen: number[][] = [];
    const ring = new FrameRing({
      frameBytes: 2,
      capacity: 3,
      onCommit: (seq) => seen.push([...ring.frameAt(seq)]),
    });
    pushFrames(ring, 4, 7);
    expect(seen).toEqual([
      [7, 7],
      [8, 8],
      [9, 9],
      [10, 10],
    ]);
    expect(ring.frameAt(3).buffer).toBe(ring.nextSlot().buffer);
    expect(() => ring.frameAt(0)).toThrow(/frame 0 is not in the ring/);
  });

  it('overwrites the oldest frame and refuses windows it no longer holds', () => {
    const ring = new FrameRing({ frameBytes: 1, capacity: 3 });
    pushFrames(ring, 5, 0);
    expect(ring.holds(1)).toBe(false);
    expect(ring.holds(2)).toBe(true);
    expect(() => ring.copyWindow(4, 4, new Uint8Array(4))).toThrow(
      /frame 1 is not in the ring \(held: 2\.\.4\)/,
    );
    expect(() => ring.copyWindow(5, 1, new Uint8Array(1))).toThrow(/frame 5 is not in the ring/);
  });

  it('hands out the same memory again instead of allocating', () => {
    const ring = new FrameRing({ frameBytes: 8, capacity: 2 });
    const first = ring.nextSlot();
    ring.commit(0);
    ring.nextSlot();
    ring.commit(1);
    expect(ring.nextSlot().buffer).toBe(first.buffer);
    expect(ring.nextSlot().byteOffset).toBe(first.byteOffset);
  });

  it('rejects a destination too small for the window', () => {
    const ring = new FrameRing({ frameBytes: 4, capacity: 4 });
    pushFrames(ring, 4, 0);
    expect(() => ring.copyWindow(3, 2, new Uint8Array(7))).toThrow(/needs 8/);
  });

  it.each([
    [{ frameBytes: 0, capacity: 2 }, /frameBytes/],
    [{ frameBytes: 3, capacity: 1.5 }, /capacity/],
  ])('rejects bad sizes %o', (opts, message) => {
    expect(() => new FrameRing(opts)).toThrow(message);
  });
});

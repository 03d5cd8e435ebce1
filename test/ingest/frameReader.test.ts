import { describe, expect, it } from 'vitest';
import { FrameReader } from '../../src/ingest/index.js';
import { ArraySink } from './helpers.js';

/** Deterministic PRNG so a failing chunking can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Byte i of the stream is i mod 251: a prime, so no frame looks like another. */
function patternStream(bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => i % 251);
}

function chunked(stream: Uint8Array, random: () => number, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  while (pos < stream.length) {
    const size = Math.floor(random() * (maxChunk + 1)); // 0 too: empty chunks happen
    chunks.push(stream.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('FrameReader', () => {
  const frameBytes = 37;
  const frameCount = 40;
  const stream = patternStream(frameBytes * frameCount);

  it('cuts frames exactly at boundaries and in order, whatever the chunking', () => {
    const random = mulberry32(7);
    for (const maxChunk of [1, 5, 36, 37, 38, 100, 500]) {
      const sink = new ArraySink(frameBytes);
      const reader = new FrameReader(sink, (index) => 1000 + index);
      let completed = 0;
      for (const chunk of chunked(stream, random, maxChunk)) completed += reader.push(chunk);
      expect(completed).toBe(frameCount);
      expect(sink.frames).toHaveLength(frameCount);
      sink.frames.forEach((frame, k) => {
        expect(frame).toEqual(stream.subarray(k * frameBytes, (k + 1) * frameBytes));
      });
      expect(sink.timesMs).toEqual(Array.from({ length: frameCount }, (_, k) => 1000 + k));
      expect(sink.slotsTaken).toBe(frameCount);
    }
  });

  it('completes several frames from one chunk and holds back a partial frame', () => {
    const sink = new ArraySink(frameBytes);
    const reader = new FrameReader(sink, () => 0);
    expect(reader.push(stream.subarray(0, frameBytes * 3 + 5))).toBe(3);
    expect(sink.frames).toHaveLength(3);
    expect(reader.push(stream.subarray(frameBytes * 3 + 5, frameBytes * 4 - 1))).toBe(0);
    expect(reader.push(stream.subarray(frameBytes * 4 - 1, frameBytes * 4))).toBe(1);
    expect(sink.frames[3]).toEqual(stream.subarray(frameBytes * 3, frameBytes * 4));
    expect(reader.frames).toBe(4);
  });

  it('drops a partial frame and restarts the frame index on reset', () => {
    const sink = new ArraySink(frameBytes);
    const indexes: number[] = [];
    const reader = new FrameReader(sink, (index) => {
      indexes.push(index);
      return index;
    });
    reader.push(stream.subarray(0, frameBytes + 10));
    reader.reset();
    reader.push(stream.subarray(frameBytes * 2, frameBytes * 3));
    expect(sink.frames).toHaveLength(2);
    expect(sink.frames[1]).toEqual(stream.subarray(frameBytes * 2, frameBytes * 3));
    expect(indexes).toEqual([0, 0]);
  });

  it('refuses a sink whose slot does not hold one frame', () => {
    const sink = { frameBytes: 8, nextSlot: () => new Uint8Array(4), commit: () => {} };
    expect(() => new FrameReader(sink, () => 0).push(new Uint8Array(8))).toThrow(
      'sink slot holds 4 bytes, expected 8',
    );
    expect(() => new FrameReader({ ...sink, frameBytes: 0 }, () => 0)).toThrow(/got 0/);
  });
});

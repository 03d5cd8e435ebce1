import { describe, expect, it } from 'vitest';
import { clipsToDelete, type StoredClip } from '../../../src/outputs/clips/index.js';

const HOUR = 3_600_000;
const clip = (name: string, startMs: number, bytes: number): StoredClip => ({
  path: name,
  startMs,
  endMs: startMs + 10_000,
  bytes,
});

describe('clipsToDelete', () => {
  const now = 100 * HOUR;

  it('deletes clips past their age first', () => {
    const clips = [clip('new', now - HOUR, 10), clip('old', now - 30 * HOUR, 10)];
    expect(clipsToDelete(clips, { nowMs: now, maxAgeMs: 24 * HOUR, maxBytes: 1e9 })).toEqual([
      clips[1],
    ]);
  });

  it('then the oldest until the rest fit the budget', () => {
    const clips = [clip('c', now - 1000, 40), clip('a', now - 3000, 40), clip('b', now - 2000, 40)];
    const doomed = clipsToDelete(clips, { nowMs: now, maxAgeMs: 24 * HOUR, maxBytes: 80 });
    expect(doomed.map((c) => c.path)).toEqual(['a']);
    const tighter = clipsToDelete(clips, { nowMs: now, maxAgeMs: 24 * HOUR, maxBytes: 39 });
    expect(tighter.map((c) => c.path)).toEqual(['a', 'b', 'c']);
  });

  it('keeps everything within both limits', () => {
    const clips = [clip('a', now - 1000, 40)];
    expect(clipsToDelete(clips, { nowMs: now, maxAgeMs: HOUR, maxBytes: 40 })).toEqual([]);
  });
});

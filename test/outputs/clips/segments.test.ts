import { describe, expect, it } from 'vitest';
import {
  parseSegmentList,
  recordedUntil,
  type Segment,
  segmentsToPrune,
  selectSegments,
} from '../../../src/outputs/clips/index.js';

const segment = (startMs: number, endMs: number | null, bytes = 100): Segment => ({
  path: `/cache/${startMs}.ts`,
  startMs,
  endMs,
  bytes,
});

describe('parseSegmentList', () => {
  it('reads name,start,end lines and skips what does not parse', () => {
    const text =
      '000000.ts,0.000000,1.001000\n000001.ts,1.001000,2.002000\nbroken\n,1,2\nx.ts,a,1\n';
    expect(parseSegmentList(text)).toEqual([
      { name: '000000.ts', startS: 0, endS: 1.001 },
      { name: '000001.ts', startS: 1.001, endS: 2.002 },
    ]);
  });
});

describe('selectSegments', () => {
  const segments = [
    segment(0, 1000),
    segment(1000, 2000),
    segment(2000, 3000),
    segment(3000, null),
  ];

  it('starts with the segment holding the wanted start (its keyframe is at or before it)', () => {
    expect(selectSegments(segments, 1500, 2500).map((s) => s.startMs)).toEqual([1000, 2000]);
  });

  it('a start on a segment boundary takes the segment starting there', () => {
    expect(selectSegments(segments, 1000, 1800).map((s) => s.startMs)).toEqual([1000]);
  });

  it('includes the segment still being written when the span reaches it', () => {
    expect(selectSegments(segments, 2500, 9000).map((s) => s.startMs)).toEqual([2000, 3000]);
  });

  it('takes what there is when the cache starts after the wanted start', () => {
    expect(selectSegments(segments, -5000, 500).map((s) => s.startMs)).toEqual([0]);
    expect(selectSegments(segments, 9000, 9500).map((s) => s.startMs)).toEqual([3000]);
    expect(selectSegments([segment(0, 1000)], 2000, 3000)).toEqual([]);
  });
});

describe('recordedUntil', () => {
  it('is true once a closed segment reaches the end', () => {
    const segments = [segment(0, 1000), segment(1000, null)];
    expect(recordedUntil(segments, 1000)).toBe(true);
    expect(recordedUntil(segments, 1001)).toBe(false);
  });
});

describe('segmentsToPrune', () => {
  it('deletes closed segments that end before keepFrom, never the one being written', () => {
    const segments = [segment(0, 1000), segment(1000, 2000), segment(2000, null)];
    const doomed = segmentsToPrune(segments, { keepFromMs: 2500, maxBytes: 1e9 });
    expect(doomed.map((s) => s.startMs)).toEqual([0, 1000]);
  });

  it('then the oldest until the byte budget holds, even ones still wanted', () => {
    const segments = [
      segment(2000, 3000),
      segment(0, 1000),
      segment(1000, 2000),
      segment(3000, null),
    ];
    const doomed = segmentsToPrune(segments, { keepFromMs: 0, maxBytes: 250 });
    expect(doomed.map((s) => s.startMs)).toEqual([0, 1000]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CaseMeasurement,
  cameraName,
  capacityTable,
  foldRepeats,
  gatingGains,
  movingCount,
  planCases,
  summarizeCase,
} from '../../bench/capacityStats.js';

const measurement = (over: Partial<CaseMeasurement> = {}): CaseMeasurement => ({
  seconds: 10,
  windowTimes: { moving0: [0, 1000, 2000, 4000], still0: [500] },
  skipped: { moving0: 2, still0: 0 },
  idle: { moving0: 0, still0: 8 },
  frames: { moving0: 75, still0: 74 },
  movingCameras: ['moving0'],
  daemonCpu: 1.5,
  ffmpegCpu: 0.25,
  daemonRssMiB: 600,
  daemonPeakRssMiB: 650,
  ffmpegRssMiB: 120,
  ...over,
});

describe('capacity cases', () => {
  it('moves a share of the cameras, at least one, at most all', () => {
    expect([1, 2, 4, 8].map((n) => movingCount(n, 0.5))).toEqual([1, 1, 2, 4]);
    expect(movingCount(3, 0.1)).toBe(1);
    expect(movingCount(4, 1)).toBe(4);
    expect(() => movingCount(0, 0.5)).toThrow('camera count must be a positive integer, got 0');
    expect(() => movingCount(2, 0)).toThrow('moving share must be above 0 and at most 1, got 0');
  });

  it('plans gating off and on per count, the next repeat in the reverse order (ABBA)', () => {
    expect(planCases([1, 4], 0.5, 2)).toEqual([
      { cameras: 1, moving: 1, gating: false },
      { cameras: 1, moving: 1, gating: true },
      { cameras: 4, moving: 2, gating: false },
      { cameras: 4, moving: 2, gating: true },
      { cameras: 1, moving: 1, gating: true },
      { cameras: 1, moving: 1, gating: false },
      { cameras: 4, moving: 2, gating: true },
      { cameras: 4, moving: 2, gating: false },
    ]);
  });

  it('names moving cameras first, then still ones', () => {
    expect([0, 1, 2, 3].map((i) => cameraName(i, 2))).toEqual([
      'moving0',
      'moving1',
      'still0',
      'still1',
    ]);
  });
});

describe('summarizeCase', () => {
  const c = { cameras: 2, moving: 1, gating: true };

  it('gives windows/s and the interval between windows of the moving cameras', () => {
    const s = summarizeCase(c, measurement());
    expect(s).toMatchObject({
      ...c,
      movingWindowsPerS: 0.4,
      // intervals 1000, 1000, 2000: nearest-rank p50 and p95
      movingIntervalP50Ms: 1000,
      movingIntervalP95Ms: 2000,
      stillWindowsPerS: 0.1,
      skippedPerS: 0.2,
      idlePerS: 0.8,
      framesPerS: 7.45,
      cpu: 1.75,
      daemonRssMiB: 600,
      ffmpegRssMiB: 120,
    });
  });

  it('pools the intervals of several moving cameras, never across cameras', () => {
    const s = summarizeCase(
      { cameras: 2, moving: 2, gating: false },
      measurement({
        windowTimes: { moving0: [0, 1000], moving1: [100, 3100] },
        movingCameras: ['moving0', 'moving1'],
      }),
    );
    expect(s.movingWindowsPerS).toBe(0.2);
    expect([s.movingIntervalP50Ms, s.movingIntervalP95Ms]).toEqual([3000, 3000]);
    expect(s.stillWindowsPerS).toBeNull();
  });

  it('has no interval with fewer than two windows, and refuses a zero duration', () => {
    const s = summarizeCase(c, measurement({ windowTimes: { moving0: [5], still0: [] } }));
    expect(s.movingIntervalP50Ms).toBeNull();
    expect(() => summarizeCase(c, measurement({ seconds: 0 }))).toThrow(/positive duration/);
  });
});

describe('the capacity table', () => {
  const off = { cameras: 2, moving: 1, gating: false };
  const on = { cameras: 2, moving: 1, gating: true };
  const summaries = [
    summarizeCase(off, measurement({ windowTimes: { moving0: [0, 2000], still0: [0, 2000] } })),
    summarizeCase(on, measurement()),
    summarizeCase(on, measurement({ windowTimes: { moving0: [0, 1000, 2000], still0: [] } })),
    summarizeCase(off, measurement({ windowTimes: { moving0: [0, 2000, 4000], still0: [] } })),
  ];

  it('folds repeats into medians and ranges, gating off before on', () => {
    const rows = foldRepeats(summaries);
    expect(rows.map((r) => [r.gating, r.repeats])).toEqual([
      [false, 2],
      [true, 2],
    ]);
    expect(rows[1]?.movingWindowsPerS).toEqual({ median: 0.35, min: 0.3, max: 0.4 });
    expect(rows[0]?.stillWindowsPerS).toEqual({ median: 0.1, min: 0, max: 0.2 });
  });

  it('says so when the moving cameras ran no window without gating', () => {
    const none = summarizeCase(off, measurement({ windowTimes: { moving0: [], still0: [] } }));
    const rows = foldRepeats([none, summarizeCase(on, measurement())]);
    expect(gatingGains(rows)[0]).toContain('not comparable (none measured without gating)');
  });

  it('prints one line per case with medians and ranges, and the gain from gating', () => {
    const rows = foldRepeats(summaries);
    const table = capacityTable(rows).split('\n');
    expect(table[0]).toMatch(/^cameras \(moving\) +gating +windows\/s per moving camera/);
    expect(table[2]).toMatch(/^2 \(1\) +off +0\.25 \(0\.20–0\.30\) +2\.00 +2\.00/);
    expect(table[3]).toMatch(/^2 \(1\) +on +0\.35 \(0\.30–0\.40\) +1\.00/);
    expect(table[3]).toMatch(/600 \+ 120$/);
    expect(gatingGains(rows)).toEqual([
      '2 cameras: gating gives each moving camera 1.40x the windows/s; CPU 175.0 % → 175.0 % of a core',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { connectionQuality } from '../../src/ingest/connectionQuality.js';
import { explainFailure } from '../../src/ingest/failureReason.js';
import { FrameRateMeter } from '../../src/ingest/frameRateMeter.js';
import { RecentEvents } from '../../src/ingest/recentEvents.js';
import { SourceCounters } from '../../src/ingest/sourceCounters.js';

const HOUR_MS = 3_600_000;

describe('RecentEvents', () => {
  it('counts only the events of the trailing window', () => {
    const events = new RecentEvents(HOUR_MS);
    events.record(0);
    events.record(10 * 60_000);
    events.record(50 * 60_000);
    expect(events.count(59 * 60_000)).toBe(3);
    expect(events.count(HOUR_MS + 1)).toBe(2);
    expect(events.count(HOUR_MS + 10 * 60_000 + 1)).toBe(1);
    expect(events.count(HOUR_MS + 50 * 60_000 + 1)).toBe(0);
  });

  it('keeps at most maxKept events', () => {
    const events = new RecentEvents(HOUR_MS, 10);
    for (let i = 0; i < 5000; i++) events.record(i);
    expect(events.count(5000)).toBe(10);
  });
});

describe('FrameRateMeter', () => {
  it('measures frames per second over the window, or since reset if shorter', () => {
    const meter = new FrameRateMeter(10);
    meter.reset(0);
    for (let ms = 0; ms < 20_000; ms += 200) meter.record(1, ms); // 5 fps
    expect(meter.perSecond(20_000)).toBeCloseTo(5, 0);
    meter.reset(20_000);
    expect(meter.perSecond(20_500)).toBe(0);
    for (let ms = 20_000; ms < 24_000; ms += 100) meter.record(1, ms); // 10 fps for 4 s
    expect(meter.perSecond(24_000)).toBeCloseTo(10, 0);
    expect(meter.perSecond(60_000)).toBe(0);
  });
});

describe('connectionQuality', () => {
  const base = {
    state: 'online' as const,
    restartsLastHour: 0,
    fps: 7.5,
    expectedFps: 7.5,
    onlineForMs: 60_000,
  };

  it.each([
    ['good', base],
    ['down', { ...base, state: 'reconnecting' as const }],
    ['degraded', { ...base, restartsLastHour: 1 }],
    ['poor', { ...base, restartsLastHour: 6 }],
    ['degraded', { ...base, fps: 6 }],
    ['poor', { ...base, fps: 3 }],
    // Too early to judge the rate of a run that just came online.
    ['good', { ...base, fps: 3, onlineForMs: 2_000 }],
  ])('%s for %o', (expected, input) => {
    expect(connectionQuality(input)).toBe(expected);
  });
});

describe('explainFailure', () => {
  it("adds ffmpeg's most telling line, the last one that names a problem", () => {
    const tail = [
      'Input #0, rtsp, from rtsp://***@cam/live:',
      'rtsp://***@cam/live: Invalid data found when processing input',
      '  Stream #0:0: Video: h264',
    ];
    expect(explainFailure('ffmpeg exited with code 1', tail)).toBe(
      'ffmpeg exited with code 1: rtsp://***@cam/live: Invalid data found when processing input',
    );
    expect(explainFailure('ffmpeg exited with code 1', ['  Stream #0:0: Video: h264'])).toBe(
      'ffmpeg exited with code 1',
    );
  });
});

describe('SourceCounters', () => {
  it('counts restarts and stalls of the last hour, and remembers the last failure', () => {
    let nowMs = 0;
    const counters = new SourceCounters({ now: () => nowMs }, 7.5);
    counters.stalled();
    counters.failed('stalled: no frame for 10000 ms', 2_000);
    expect(counters.snapshot('reconnecting', null)).toMatchObject({
      stalls: 1,
      stallsLastHour: 1,
      nextRestartAtMs: 2_000,
      lastFailure: { reason: 'stalled: no frame for 10000 ms', atMs: 0 },
      quality: 'down',
      running: false,
    });
    nowMs = 2_000;
    counters.restarted();
    counters.framesArrived(3, 2_500, true);
    nowMs = HOUR_MS + 10;
    expect(
      counters.snapshot('online', { alive: true, startedAtMs: 2_000, onlineSinceMs: 2_500 }),
    ).toMatchObject({
      framesIn: 3,
      restarts: 1,
      restartsLastHour: 1,
      stallsLastHour: 0,
      nextRestartAtMs: null,
      runStartedAtMs: 2_000,
      running: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { CameraConfig } from '../../../src/config/index.js';
import type { FrameSourceStats, SourceState } from '../../../src/ingest/index.js';
import { cameraReport, cameraReportJson } from '../../../src/outputs/http/cameraReport.js';
import { assessHealth, type HealthInput } from '../../../src/outputs/http/index.js';

const NOW = 1_700_000_100_000;

function camera(name: string, url = 'rtsp://10.0.0.5/live'): CameraConfig {
  return {
    name,
    enabled: true,
    stallTimeoutMs: 10_000,
    labels: [],
    head: '',
    modelLabels: true,
    motion: { enabled: true, threshold: 20, minArea: 0.005, holdMs: 5000, masks: [] },
    regions: [],
    wholeFrame: true,
    record: { enabled: false, preCaptureS: 5, postCaptureS: 5, segmentS: 1, mode: 'auto' },
    source: {
      kind: 'rtsp',
      url,
      realtime: false,
      loop: false,
      v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
      inputArgs: [],
      hwaccel: 'none',
    },
  };
}

function stats(overrides: Partial<FrameSourceStats> = {}): FrameSourceStats {
  return {
    framesIn: 100,
    restarts: 0,
    stalls: 0,
    lastFrameAtMs: NOW - 100,
    running: true,
    restartsLastHour: 0,
    stallsLastHour: 0,
    fps: 7.5,
    quality: 'good',
    lastFailure: null,
    runStartedAtMs: NOW - 60_000,
    nextRestartAtMs: null,
    ...overrides,
  };
}

function input(
  cameras: Array<[SourceState, Partial<FrameSourceStats>]>,
  overrides: Partial<HealthInput> = {},
): HealthInput {
  return {
    nowMs: NOW,
    started: true,
    mqttConnected: true,
    cameras: cameras.map(([state, s], i) =>
      cameraReport(camera(`cam${i}`), state, stats(s), undefined),
    ),
    inferenceInFlightSinceMs: null,
    inferenceTimeoutMs: 60_000,
    outboxJournalWritable: true,
    ...overrides,
  };
}

describe('assessHealth', () => {
  it('is live and ready while cameras stream and the broker is connected', () => {
    expect(assessHealth(input([['online', {}]]))).toEqual({
      live: true,
      ready: true,
      problems: [],
      faults: [],
      waitingFor: [],
    });
  });

  it('is not live while the outbox cannot write its journal, but keeps the watchdog fed', () => {
    const report = assessHealth(input([['online', {}]], { outboxJournalWritable: false }));
    expect(report.live).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.faults).toEqual([
      'outbox cannot write its journal (disk full?): events and alerts are in memory only',
    ]);
  });

  it('stays live while a camera is down and being restarted, but is not ready', () => {
    const down = { runStartedAtMs: null, running: false, nextRestartAtMs: NOW + 4_000 };
    const report = assessHealth(
      input(
        [
          ['online', {}],
          ['reconnecting', down],
        ],
        { mqttConnected: false },
      ),
    );
    expect(report.live).toBe(true);
    expect(report.ready).toBe(false);
    expect(report.waitingFor).toEqual(['the MQTT broker', 'camera cam1 (reconnecting)']);
  });

  it('is not live when an inference runs past its timeout', () => {
    const report = assessHealth(
      input([['online', {}]], { inferenceInFlightSinceMs: NOW - 61_000 }),
    );
    expect(report.live).toBe(false);
    expect(report.problems).toEqual(['inference running for 61000 ms (limit 60000 ms)']);
    expect(assessHealth(input([], { inferenceInFlightSinceMs: NOW - 59_000 })).live).toBe(true);
  });

  it('is not live when a camera supervisor is stuck: no frame and no restart long past the stall timeout', () => {
    const stuck = assessHealth(input([['online', { lastFrameAtMs: NOW - 25_000 }]]));
    expect(stuck.problems).toEqual([
      'camera cam0: no frame for 25000 ms and ffmpeg not restarted (stall timeout 10000 ms)',
    ]);
    const overdue = { runStartedAtMs: null, running: false, nextRestartAtMs: NOW - 11_000 };
    expect(assessHealth(input([['reconnecting', overdue]])).problems).toEqual([
      'camera cam0: ffmpeg restart overdue by 11000 ms',
    ]);
    const lost = { runStartedAtMs: null, running: false, nextRestartAtMs: null };
    expect(assessHealth(input([['reconnecting', lost]])).problems).toEqual([
      'camera cam0: reconnecting but not supervised',
    ]);
    // A file that ended is offline with nothing to supervise: fine.
    expect(assessHealth(input([['offline', lost]])).live).toBe(true);
  });
});

describe('cameraReportJson', () => {
  it('shows the source without its password and times as ISO strings', () => {
    const config = camera('door', 'rtsp://viewer:s3cret-pass@10.0.0.5/live');
    const report = cameraReport(
      config,
      'online',
      stats({ lastFailure: { reason: 'x', atMs: 0 } }),
      {
        windowsDue: 9,
        windowsRun: 7,
        windowsSkipped: 2,
      },
    );
    const json = cameraReportJson(report, NOW);
    expect(json).toMatchObject({
      name: 'door',
      source: 'rtsp://viewer:***@10.0.0.5/live',
      state: 'online',
      quality: 'good',
      windows: 7,
      windows_skipped: 2,
      last_frame_age_ms: 100,
      last_error: { reason: 'x', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(JSON.stringify(json)).not.toContain('s3cret-pass');
  });
});

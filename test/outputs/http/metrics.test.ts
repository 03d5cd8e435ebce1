import { describe, expect, it } from 'vitest';
import type { CameraConfig } from '../../../src/config/index.js';
import type { FrameSourceStats } from '../../../src/ingest/index.js';
import {
  Histogram,
  LIVE_WRITE_SECONDS_BUCKETS,
  MetricsRegistry,
} from '../../../src/metrics/index.js';
import { InferenceMonitor } from '../../../src/metrics/inferenceMonitor.js';
import { cameraReport, cameraReportJson } from '../../../src/outputs/http/cameraReport.js';
import { renderMetrics } from '../../../src/outputs/http/daemonMetrics.js';
import { ManualClock } from '../../helpers/manualClock.js';
import { quietMetricsInput } from './metricsInput.js';

describe('MetricsRegistry', () => {
  it('writes HELP, TYPE and samples with escaped labels (prom-client)', async () => {
    const text = await new MetricsRegistry()
      .counter('a_total', 'Things\nthat happened.', [
        { labels: { camera: 'door "1"\\x' }, value: 3 },
        { labels: { camera: 'yard' }, value: 0 },
      ])
      .gauge('b', 'B.', [{ value: Number.NaN }])
      .text();
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines).toEqual([
      '# HELP a_total Things\\nthat happened.',
      '# TYPE a_total counter',
      'a_total{camera="door \\"1\\"\\\\x"} 3',
      'a_total{camera="yard"} 0',
      '# HELP b B.',
      '# TYPE b gauge',
      // prom-client's spelling; Prometheus parses it with ParseFloat, which takes any case.
      'b Nan',
    ]);
  });

  it('writes a histogram with cumulative buckets, +Inf, sum and count', async () => {
    const histogram = new Histogram([0.1, 1]);
    for (const value of [0.05, 0.5, 0.5, 3]) histogram.observe(value);
    const text = await new MetricsRegistry()
      .histogram('h_seconds', 'H.', histogram.snapshot())
      .text();
    expect(text.split('\n')).toEqual([
      '# HELP h_seconds H.',
      '# TYPE h_seconds histogram',
      'h_seconds_bucket{le="0.1"} 1',
      'h_seconds_bucket{le="1"} 3',
      'h_seconds_bucket{le="+Inf"} 4',
      'h_seconds_sum 4.05',
      'h_seconds_count 4',
      '',
    ]);
  });

  it('refuses invalid names and a family written twice', () => {
    expect(() => new MetricsRegistry().gauge('bad-name', 'x', [])).toThrow('Invalid metric name');
    expect(() => new MetricsRegistry().gauge('x', 'x', []).gauge('x', 'x', [])).toThrow(
      'x has already been registered',
    );
    expect(() => new Histogram([1, 0.5])).toThrow('ascending');
  });
});

const camera: CameraConfig = {
  name: 'door',
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
    url: 'rtsp://viewer:s3cret-pass@10.0.0.5/live',
    realtime: false,
    loop: false,
    v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
    inputArgs: [],
    hwaccel: 'none',
  },
};

const stats: FrameSourceStats = {
  framesIn: 1200,
  restarts: 2,
  stalls: 1,
  lastFrameAtMs: 1_000,
  running: true,
  restartsLastHour: 2,
  stallsLastHour: 1,
  fps: 7.5,
  quality: 'degraded',
  lastFailure: { reason: 'stalled: no frame for 10000 ms', atMs: 500 },
  runStartedAtMs: 900,
  nextRestartAtMs: null,
};

describe('renderMetrics', () => {
  it('exports what an operator graphs, per camera, with no credential', async () => {
    const inference = new InferenceMonitor(new ManualClock(0));
    await inference.track(async () => 'done');
    const text = await renderMetrics({
      cameras: [
        cameraReport(camera, 'online', stats, {
          windowsDue: 40,
          windowsRun: 30,
          windowsSkipped: 10,
        }),
      ],
      inference: inference.snapshot(),
      mqtt: { connected: true, published: 100, dropped: 3, publishFailures: 1 },
      outbox: {
        depth: 5,
        bytes: 900,
        inFlight: 1,
        added: 47,
        delivered: 40,
        dropped: 2,
        oldestAgeMs: 1500,
        journalBytes: 1200,
        journalErrors: 0,
        journalWritable: true,
        quarantined: 0,
      },
      health: { live: true, ready: false, problems: [], faults: [], waitingFor: ['x'] },
      process: {
        rssBytes: 1e8,
        openFds: 30,
        cpuSeconds: 12.5,
        startTimeSeconds: 1_700_000_000,
        heapUsedBytes: 2e7,
        eventLoopLagP99Seconds: 0.01,
        eventLoopLagMaxSeconds: 0.02,
      },
      version: '0.1.0',
    });
    const lines = text.split('\n');
    for (const expected of [
      'actionwatch_frames_total{camera="door"} 1200',
      'actionwatch_windows_total{camera="door"} 30',
      'actionwatch_windows_skipped_total{camera="door"} 10',
      'actionwatch_camera_reconnects_total{camera="door"} 2',
      'actionwatch_camera_stalls_total{camera="door"} 1',
      'actionwatch_camera_up{camera="door"} 1',
      'actionwatch_camera_state{camera="door",state="online"} 1',
      'actionwatch_inference_seconds_count 1',
      'actionwatch_inference_seconds_bucket{le="+Inf"} 1',
      'actionwatch_outbox_depth 5',
      'actionwatch_outbox_dropped_total 2',
      'actionwatch_outbox_oldest_age_seconds 1.5',
      'actionwatch_mqtt_publish_failures_total 1',
      'actionwatch_ready 0',
      'process_open_fds 30',
    ]) {
      expect(lines, expected).toContain(expected);
    }
    expect(text).not.toContain('s3cret-pass');
  });
});

describe('motion gate stats', () => {
  const motion = {
    enabled: true,
    state: 'idle' as const,
    windowsRun: 3,
    windowsIdle: 17,
    lastMotionMs: Date.UTC(2026, 0, 1, 12),
    lastScore: 0.00123,
  };
  const report = cameraReport(camera, 'online', stats, undefined, motion);

  it('are exported per camera', async () => {
    const text = await renderMetrics(quietMetricsInput({ cameras: [report] }));
    const lines = text.split('\n');
    for (const expected of [
      'actionwatch_windows_idle_total{camera="door"} 17',
      'actionwatch_camera_motion_idle{camera="door"} 1',
      'actionwatch_camera_motion_score{camera="door"} 0.00123',
    ]) {
      expect(lines).toContain(expected);
    }
  });

  it('show in /api/cameras', () => {
    expect(cameraReportJson(report, 0).motion).toEqual({
      enabled: true,
      state: 'idle',
      windows_run: 3,
      windows_idle: 17,
      last_motion_at: '2026-01-01T12:00:00.000Z',
      score: 0.0012,
    });
  });
});

describe('clip metrics', () => {
  it('are exported while a camera records, with the same names as before prom-client', async () => {
    const text = await renderMetrics(
      quietMetricsInput({
        cameras: [],
        clips: { paused: true, clips: 3, clipBytes: 4096, cacheBytes: { door: 1234, yard: 0 } },
      }),
    );
    const lines = text.split('\n');
    for (const expected of [
      '# TYPE actionwatch_recording_paused gauge',
      'actionwatch_recording_paused 1',
      'actionwatch_clips 3',
      'actionwatch_clips_bytes 4096',
      'actionwatch_record_cache_bytes{camera="door"} 1234',
      'actionwatch_record_cache_bytes{camera="yard"} 0',
    ]) {
      expect(lines).toContain(expected);
    }
  });
});

describe('live view metrics', () => {
  const writeSeconds = new Histogram(LIVE_WRITE_SECONDS_BUCKETS);
  for (const seconds of [0.0004, 0.002, 0.3]) writeSeconds.observe(seconds);
  const live = [
    {
      camera: 'door',
      stats: {
        viewers: 2,
        frames_in: 500,
        frames_sent: 900,
        frames_dropped: 100,
        buffered_bytes_max: 70_000,
        last_frame_bytes: 41_000,
        write_latency_ms: { p50: 2, p95: 300 },
      },
      writeSeconds: writeSeconds.snapshot(),
    },
  ];

  it('are exported per camera: counters, gauges and a write latency histogram', async () => {
    const text = await renderMetrics(quietMetricsInput({ live }));
    const lines = text.split('\n');
    for (const expected of [
      '# TYPE actionwatch_live_viewers gauge',
      'actionwatch_live_viewers{camera="door"} 2',
      '# TYPE actionwatch_live_frames_total counter',
      'actionwatch_live_frames_total{camera="door"} 500',
      '# TYPE actionwatch_live_frames_sent_total counter',
      'actionwatch_live_frames_sent_total{camera="door"} 900',
      '# TYPE actionwatch_live_frames_dropped_total counter',
      'actionwatch_live_frames_dropped_total{camera="door"} 100',
      '# TYPE actionwatch_live_buffered_bytes_max gauge',
      'actionwatch_live_buffered_bytes_max{camera="door"} 70000',
      'actionwatch_live_frame_bytes{camera="door"} 41000',
      '# TYPE actionwatch_live_write_seconds histogram',
      'actionwatch_live_write_seconds_bucket{camera="door",le="0.0005"} 1',
      'actionwatch_live_write_seconds_bucket{camera="door",le="0.0025"} 2',
      'actionwatch_live_write_seconds_bucket{camera="door",le="0.25"} 2',
      'actionwatch_live_write_seconds_bucket{camera="door",le="0.5"} 3',
      'actionwatch_live_write_seconds_bucket{camera="door",le="+Inf"} 3',
      'actionwatch_live_write_seconds_sum{camera="door"} 0.3024',
      'actionwatch_live_write_seconds_count{camera="door"} 3',
    ]) {
      expect(lines, expected).toContain(expected);
    }
  });

  it('are left out while the live view is off', async () => {
    const text = await renderMetrics(quietMetricsInput({ live: null }));
    expect(text).not.toContain('actionwatch_live_');
  });
});

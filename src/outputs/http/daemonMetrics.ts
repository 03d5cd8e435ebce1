import { type InferenceSnapshot, MetricsRegistry, type Sample } from '../../metrics/index.js';
import type { ClipStats } from '../clips/index.js';
import type { ClientStats, OutboxStats } from '../mqtt/index.js';
import type { CameraReport, RegionReport } from './cameraReport.js';
import type { HealthReport } from './health.js';
import { type LiveViewMetrics, writeLiveViewMetrics } from './live/liveViewMetrics.js';
import type { ProcessSnapshot } from './processStats.js';

/** What /metrics exports, gathered at scrape time. */
export interface MetricsInput {
  cameras: readonly CameraReport[];
  inference: InferenceSnapshot;
  mqtt: ClientStats;
  outbox: OutboxStats | null;
  health: HealthReport;
  process: ProcessSnapshot;
  version: string;
  /** null when no camera records clips. */
  clips?: ClipStats | null;
  /** One per camera with a live view; null when the live view is off. */
  live?: readonly LiveViewMetrics[] | null;
}

const STATES = ['starting', 'online', 'reconnecting', 'offline'] as const;

/** Prometheus text of the daemon's state, written by prom-client. */
export function renderMetrics(input: MetricsInput): Promise<string> {
  const text = new MetricsRegistry();
  text.gauge('actionwatch_build_info', 'Version of the running daemon (value is always 1).', [
    { labels: { version: input.version }, value: 1 },
  ]);
  writeCameraMetrics(text, input.cameras);
  text.histogram(
    'actionwatch_inference_seconds',
    'Duration of one inference run (a batch of windows).',
    input.inference.seconds,
  );
  text.counter('actionwatch_inference_failures_total', 'Inference runs that failed.', [
    { value: input.inference.failures },
  ]);
  writeDeliveryMetrics(text, input.mqtt, input.outbox);
  text.gauge('actionwatch_healthy', '1 while alive (systemd watchdog pinged), else 0.', [
    { value: input.health.live ? 1 : 0 },
  ]);
  text.gauge('actionwatch_ready', '1 while every camera streams and the broker is connected.', [
    { value: input.health.ready ? 1 : 0 },
  ]);
  writeProcessMetrics(text, input.process);
  if (input.clips) writeClipMetrics(text, input.clips);
  if (input.live) writeLiveViewMetrics(text, input.live);
  return text.text();
}

function writeClipMetrics(text: MetricsRegistry, clips: ClipStats): void {
  text.gauge(
    'actionwatch_recording_paused',
    '1 while recording is paused because free space is below clips.min_free_bytes.',
    [{ value: clips.paused ? 1 : 0 }],
  );
  text.gauge('actionwatch_clips', 'Event clips kept.', [{ value: clips.clips }]);
  text.gauge('actionwatch_clips_bytes', 'Bytes of the event clips kept.', [
    { value: clips.clipBytes },
  ]);
  text.gauge(
    'actionwatch_record_cache_bytes',
    "Bytes of the camera's cache of recorded segments.",
    Object.entries(clips.cacheBytes).map(([camera, value]) => ({ labels: { camera }, value })),
  );
}

function perCamera(
  cameras: readonly CameraReport[],
  value: (camera: CameraReport) => number,
): Sample[] {
  return cameras.map((camera) => ({
    labels: { camera: camera.config.name },
    value: value(camera),
  }));
}

/** One sample per region of every camera, labelled with both. */
function perRegion(
  cameras: readonly CameraReport[],
  value: (region: RegionReport) => number,
): Sample[] {
  return cameras.flatMap((camera) =>
    (camera.regions ?? []).map((region) => ({
      labels: { camera: camera.config.name, region: region.name },
      value: value(region),
    })),
  );
}

/** Regions are targets of their own: their windows are counted apart from the camera's. */
function writeRegionMetrics(text: MetricsRegistry, cameras: readonly CameraReport[]): void {
  text
    .counter(
      'actionwatch_region_windows_total',
      "Windows of a camera's region run through the model.",
      perRegion(cameras, (r) => r.schedule.windowsRun),
    )
    .counter(
      'actionwatch_region_windows_skipped_total',
      "Due windows of a camera's region replaced by a newer one before inference could take them.",
      perRegion(cameras, (r) => r.schedule.windowsSkipped),
    );
}

function writeCameraMetrics(text: MetricsRegistry, cameras: readonly CameraReport[]): void {
  writeRegionMetrics(text, cameras);
  text
    .counter(
      'actionwatch_frames_total',
      'Frames received from the camera (after sampling).',
      perCamera(cameras, (c) => c.source.framesIn),
    )
    .counter(
      'actionwatch_windows_total',
      'Windows run through the model.',
      perCamera(cameras, (c) => c.schedule.windowsRun),
    )
    .counter(
      'actionwatch_windows_skipped_total',
      'Due windows replaced by a newer one before inference could take them.',
      perCamera(cameras, (c) => c.schedule.windowsSkipped),
    )
    .counter(
      'actionwatch_windows_idle_total',
      'Due windows not run because nothing moved in them or within the hold time before them.',
      perCamera(cameras, (c) => c.motion?.windowsIdle ?? 0),
    )
    .gauge(
      'actionwatch_camera_motion_idle',
      '1 while the camera is idle (its motion gate runs no windows), else 0.',
      perCamera(cameras, (c) => (c.motion?.state === 'idle' ? 1 : 0)),
    )
    .gauge(
      'actionwatch_camera_motion_score',
      'Fraction of the unmasked picture that changed in the newest frame.',
      perCamera(cameras, (c) => c.motion?.lastScore ?? 0),
    )
    .counter(
      'actionwatch_camera_reconnects_total',
      'ffmpeg restarts after an exit or a stall.',
      perCamera(cameras, (c) => c.source.restarts),
    )
    .counter(
      'actionwatch_camera_stalls_total',
      'ffmpeg runs killed because no frame came within the stall timeout.',
      perCamera(cameras, (c) => c.source.stalls),
    )
    .gauge(
      'actionwatch_camera_fps',
      'Frames per second delivered over the last 30 s.',
      perCamera(cameras, (c) => c.source.fps),
    )
    .gauge(
      'actionwatch_camera_up',
      '1 while the camera streams, else 0.',
      perCamera(cameras, (c) => (c.state === 'online' ? 1 : 0)),
    );
  text.gauge(
    'actionwatch_camera_state',
    'The camera state: 1 for the current one.',
    cameras.flatMap((c) =>
      STATES.map((state) => ({
        labels: { camera: c.config.name, state },
        value: c.state === state ? 1 : 0,
      })),
    ),
  );
}

function writeDeliveryMetrics(
  text: MetricsRegistry,
  mqtt: ClientStats,
  outbox: OutboxStats | null,
): void {
  text
    .gauge('actionwatch_mqtt_connected', '1 while connected to the broker.', [
      { value: mqtt.connected ? 1 : 0 },
    ])
    .counter(
      'actionwatch_mqtt_published_total',
      'Messages the broker acknowledged (qos 1) or the socket took (qos 0).',
      [{ value: mqtt.published }],
    )
    .counter(
      'actionwatch_mqtt_publish_failures_total',
      'Publishes MQTT.js or the broker rejected while connected.',
      [{ value: mqtt.publishFailures }],
    )
    .counter(
      'actionwatch_mqtt_dropped_total',
      'Actions not published because the broker was away (they are stale by then).',
      [{ value: mqtt.dropped }],
    );
  if (outbox === null) return;
  text
    .gauge('actionwatch_outbox_depth', 'Events and alerts waiting for the broker.', [
      { value: outbox.depth },
    ])
    .gauge('actionwatch_outbox_bytes', 'Bytes of the events and alerts waiting.', [
      { value: outbox.bytes },
    ])
    .gauge(
      'actionwatch_outbox_oldest_age_seconds',
      'Age of the oldest message waiting (0 when none).',
      [{ value: (outbox.oldestAgeMs ?? 0) / 1000 }],
    )
    .counter('actionwatch_outbox_added_total', 'Events and alerts handed to the outbox.', [
      { value: outbox.added },
    ])
    .counter('actionwatch_outbox_delivered_total', 'Events and alerts the broker acknowledged.', [
      { value: outbox.delivered },
    ])
    .counter(
      'actionwatch_outbox_dropped_total',
      'Events and alerts given up: the oldest, dropped because the outbox was full.',
      [{ value: outbox.dropped }],
    )
    .counter(
      'actionwatch_outbox_journal_errors_total',
      'Failed writes to the outbox file (disk full, I/O errors).',
      [{ value: outbox.journalErrors }],
    )
    .gauge(
      'actionwatch_outbox_journal_writable',
      '0 while the outbox file cannot be written (disk full): new events are in memory only.',
      [{ value: outbox.journalWritable ? 1 : 0 }],
    )
    .counter(
      'actionwatch_outbox_quarantined_total',
      'Events and alerts set aside as never publishable (bad topic or payload), not retried.',
      [{ value: outbox.quarantined }],
    );
}

function writeProcessMetrics(text: MetricsRegistry, process: ProcessSnapshot): void {
  text
    .gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', [
      { value: process.rssBytes },
    ])
    .gauge('process_open_fds', 'Open file descriptors.', [{ value: process.openFds }])
    .counter('process_cpu_seconds_total', 'User and system CPU time spent, in seconds.', [
      { value: process.cpuSeconds },
    ])
    .gauge(
      'process_start_time_seconds',
      'Start time of the process since the Unix epoch, in seconds.',
      [{ value: process.startTimeSeconds }],
    )
    .gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', [
      { value: process.heapUsedBytes },
    ])
    .gauge(
      'nodejs_eventloop_lag_p99_seconds',
      'Event loop delay, 99th percentile over the last minute.',
      [{ value: process.eventLoopLagP99Seconds }],
    )
    .gauge('nodejs_eventloop_lag_max_seconds', 'Event loop delay, maximum over the last minute.', [
      { value: process.eventLoopLagMaxSeconds },
    ]);
}

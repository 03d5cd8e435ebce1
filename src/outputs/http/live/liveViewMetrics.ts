import type { HistogramSnapshot, MetricsRegistry, Sample } from '../../../metrics/index.js';
import type { LiveHubStats } from './liveHub.js';
import type { LiveStreams } from './liveStreams.js';

/** One camera's live view as /metrics reads it. */
export interface LiveViewMetrics {
  camera: string;
  stats: LiveHubStats;
  writeSeconds: HistogramSnapshot;
}

/** Each camera's live view counters and write latencies, read now. */
export function liveViewMetrics(live: LiveStreams): LiveViewMetrics[] {
  return Object.entries(live.stats()).flatMap(([camera, stats]) => {
    const hub = live.hub(camera);
    return hub === undefined ? [] : [{ camera, stats, writeSeconds: hub.writeLatency() }];
  });
}

/**
 * The live views' counters, per camera. Write latency is a histogram rather than gauges of the
 * recent p50/p95 that /api/live shows: those keep their last value after the last viewer
 * leaves and cannot be combined across cameras or scrape intervals, whereas the buckets give
 * any quantile over any range (histogram_quantile over rate()).
 */
export function writeLiveViewMetrics(text: MetricsRegistry, views: readonly LiveViewMetrics[]) {
  const perCamera = (value: (stats: LiveHubStats) => number): Sample[] =>
    views.map(({ camera, stats }) => ({ labels: { camera }, value: value(stats) }));
  text
    .gauge(
      'actionwatch_live_viewers',
      "Viewers of the camera's live view (MJPEG streams open).",
      perCamera((s) => s.viewers),
    )
    .counter(
      'actionwatch_live_frames_total',
      "Live view images the camera's ffmpeg encoded.",
      perCamera((s) => s.frames_in),
    )
    .counter(
      'actionwatch_live_frames_sent_total',
      'Live view images handed to viewers (one per viewer and image).',
      perCamera((s) => s.frames_sent),
    )
    .counter(
      'actionwatch_live_frames_dropped_total',
      'Live view images a viewer skipped because its socket still held the previous one.',
      perCamera((s) => s.frames_dropped),
    )
    .gauge(
      'actionwatch_live_buffered_bytes_max',
      "The most bytes ever waiting in one viewer's socket buffer (bounded to about one image).",
      perCamera((s) => s.buffered_bytes_max),
    )
    .gauge(
      'actionwatch_live_frame_bytes',
      'Size of the newest live view image.',
      perCamera((s) => s.last_frame_bytes),
    )
    .histograms(
      'actionwatch_live_write_seconds',
      "From an image's arrival from ffmpeg to its bytes handed to a viewer's socket.",
      views.map(({ camera, writeSeconds }) => ({ labels: { camera }, snapshot: writeSeconds })),
    );
}

import type { ServerResponse } from 'node:http';
import {
  Histogram,
  type HistogramSnapshot,
  LIVE_WRITE_SECONDS_BUCKETS,
} from '../../../metrics/index.js';
import { LatencyWindow } from './latencyWindow.js';

export const MJPEG_BOUNDARY = 'actionwatchframe';

export interface LiveHubStats {
  viewers: number;
  frames_in: number;
  frames_sent: number;
  /** Frames a viewer missed because its socket had not taken the previous one yet. */
  frames_dropped: number;
  /** The most bytes ever waiting in one viewer's socket buffer: bounded by design. */
  buffered_bytes_max: number;
  last_frame_bytes: number;
  /** Frame arrival from ffmpeg → bytes handed to the viewer's socket, recent p50/p95. */
  write_latency_ms: { p50: number | null; p95: number | null };
}

/**
 * One camera's live view, fanned out: ffmpeg encodes each image once, every viewer gets the
 * same bytes. A viewer whose socket still holds an unsent image skips the next ones (it
 * sees the newest image once it catches up), so a slow or stalled viewer costs at most one
 * image of memory and never slows the others.
 */
export class LiveHub {
  private readonly viewers = new Set<ServerResponse>();
  private latest: Buffer | null = null;
  private framesIn = 0;
  private framesSent = 0;
  private framesDropped = 0;
  private bufferedBytesMax = 0;
  private readonly latency = new LatencyWindow();
  /** The same latencies since start, for /metrics (LatencyWindow only keeps the recent ones). */
  private readonly writeSeconds = new Histogram(LIVE_WRITE_SECONDS_BUCKETS);

  constructor(private readonly now: () => number = () => performance.now()) {}

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** A new image from ffmpeg. */
  push(jpeg: Buffer): void {
    this.latest = jpeg;
    this.framesIn += 1;
    if (this.viewers.size === 0) return;
    const arrivedMs = this.now();
    const part = framePart(jpeg);
    for (const viewer of this.viewers) {
      this.bufferedBytesMax = Math.max(this.bufferedBytesMax, viewer.writableLength);
      if (viewer.writableNeedDrain || viewer.writableLength > 0) {
        this.framesDropped += 1;
        continue;
      }
      this.framesSent += 1;
      viewer.write(part, () => this.wrote(this.now() - arrivedMs));
    }
  }

  private wrote(latencyMs: number): void {
    this.latency.add(latencyMs);
    this.writeSeconds.observe(latencyMs / 1000);
  }

  /** Starts streaming to `viewer` (headers already written), with the latest image first. */
  add(viewer: ServerResponse): void {
    this.viewers.add(viewer);
    viewer.once('close', () => this.viewers.delete(viewer));
    if (this.latest !== null) viewer.write(framePart(this.latest));
  }

  /** Ends every viewer's stream (the daemon stops). */
  close(): void {
    for (const viewer of this.viewers) viewer.destroy();
    this.viewers.clear();
  }

  stats(): LiveHubStats {
    return {
      viewers: this.viewers.size,
      frames_in: this.framesIn,
      frames_sent: this.framesSent,
      frames_dropped: this.framesDropped,
      buffered_bytes_max: this.bufferedBytesMax,
      last_frame_bytes: this.latest?.length ?? 0,
      write_latency_ms: { p50: this.latency.quantile(0.5), p95: this.latency.quantile(0.95) },
    };
  }

  /** Every write's latency since start, in seconds: the histogram /metrics exports. */
  writeLatency(): HistogramSnapshot {
    return this.writeSeconds.snapshot();
  }
}

/** One part of multipart/x-mixed-replace: boundary, headers, the image. */
function framePart(jpeg: Buffer): Buffer {
  const head = `--${MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), jpeg, Buffer.from('\r\n', 'latin1')]);
}

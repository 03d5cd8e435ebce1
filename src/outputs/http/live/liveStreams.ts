import type { PassthroughOutput } from '../../../ingest/index.js';
import type { Logger } from '../../../log/index.js';
import { LiveHub, type LiveHubStats } from './liveHub.js';
import { PassthroughHub, type PassthroughHubStats } from './passthroughHub.js';

/** Every viewer holds a connection for as long as it watches; the rest of the budget stays. */
export const MAX_LIVE_VIEWERS = 16;

export interface LiveSettings {
  fps: number;
  width: number;
  /** auto: pass copyable streams through as well; off: MJPEG only. */
  h264: 'auto' | 'off';
}

export interface LiveStreamsOptions {
  /** Why a camera's stream is never passed through; null when it may be. Default: never. */
  passthroughUnavailable?: (camera: string) => string | null;
  logger?: Logger;
}

export type LiveCameraStats = LiveHubStats & { passthrough: PassthroughHubStats };

/**
 * The live views of all cameras: per camera an MJPEG hub fed by its ffmpeg's live output
 * (`sinkFor`) and a passthrough hub fed by its MP4 output (`passthroughFor`), read by the
 * live routes. One viewer budget for both kinds.
 */
export class LiveStreams {
  private readonly hubs = new Map<string, LiveHub>();
  private readonly passthroughs = new Map<string, PassthroughHub>();

  constructor(
    cameras: readonly string[],
    readonly settings: LiveSettings,
    opts: LiveStreamsOptions = {},
  ) {
    for (const camera of cameras) {
      this.hubs.set(camera, new LiveHub());
      const { passthroughUnavailable } = opts;
      const unavailableReason = passthroughUnavailable
        ? passthroughUnavailable(camera)
        : 'not passed through';
      const logger = opts.logger?.child({ module: 'live', camera });
      this.passthroughs.set(
        camera,
        new PassthroughHub({ unavailableReason, ...(logger ? { logger } : {}) }),
      );
    }
  }

  /** Where the camera's ffmpeg hands its live images. */
  sinkFor(camera: string): (jpeg: Buffer) => void {
    const hub = this.hubs.get(camera);
    if (hub === undefined) throw new Error(`no live view for camera ${camera}`);
    return (jpeg) => hub.push(jpeg);
  }

  /** Where the camera's ffmpeg hands its passed-through MP4; undefined when it has none. */
  passthroughFor(camera: string): PassthroughOutput | undefined {
    const hub = this.passthroughs.get(camera);
    return hub?.stats().available ? hub : undefined;
  }

  hub(camera: string): LiveHub | undefined {
    return this.hubs.get(camera);
  }

  passthroughHub(camera: string): PassthroughHub | undefined {
    return this.passthroughs.get(camera);
  }

  get viewers(): number {
    let total = 0;
    for (const hub of this.hubs.values()) total += hub.viewerCount;
    for (const hub of this.passthroughs.values()) total += hub.viewerCount;
    return total;
  }

  stats(): Record<string, LiveCameraStats> {
    return Object.fromEntries(
      [...this.hubs].map(([camera, hub]) => [
        camera,
        { ...hub.stats(), passthrough: (this.passthroughs.get(camera) as PassthroughHub).stats() },
      ]),
    );
  }

  close(): void {
    for (const hub of this.hubs.values()) hub.close();
    for (const hub of this.passthroughs.values()) hub.close();
  }
}

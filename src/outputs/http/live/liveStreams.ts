import { LiveHub, type LiveHubStats } from './liveHub.js';

/** Every viewer holds a connection for as long as it watches; the rest of the budget stays. */
export const MAX_LIVE_VIEWERS = 16;

/**
 * The live views of all cameras: one hub per camera, fed by its ffmpeg's live output
 * (`sinkFor`), read by the MJPEG route.
 */
export class LiveStreams {
  private readonly hubs = new Map<string, LiveHub>();

  constructor(
    cameras: readonly string[],
    readonly settings: { fps: number; width: number },
  ) {
    for (const camera of cameras) this.hubs.set(camera, new LiveHub());
  }

  /** Where the camera's ffmpeg hands its live images. */
  sinkFor(camera: string): (jpeg: Buffer) => void {
    const hub = this.hubs.get(camera);
    if (hub === undefined) throw new Error(`no live view for camera ${camera}`);
    return (jpeg) => hub.push(jpeg);
  }

  hub(camera: string): LiveHub | undefined {
    return this.hubs.get(camera);
  }

  get viewers(): number {
    let total = 0;
    for (const hub of this.hubs.values()) total += hub.viewerCount;
    return total;
  }

  stats(): Record<string, LiveHubStats> {
    return Object.fromEntries([...this.hubs].map(([camera, hub]) => [camera, hub.stats()]));
  }

  close(): void {
    for (const hub of this.hubs.values()) hub.close();
  }
}

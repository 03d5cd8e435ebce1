import type { ResultBus, SnapshotCapture, SnapshotFile } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import type { Alert } from '../../recognize/index.js';
import { annotateSnapshot } from './annotate.js';
import type { RegionOutline } from './regionOverlay.js';
import type { SnapshotFolder } from './snapshotFolder.js';
import { ringCapacityFor, SnapshotRing } from './snapshotRing.js';

/** Where a finished snapshot went. */
export interface SavedSnapshot {
  path: string;
  /** Capture time of the frame. */
  timeMs: number;
  jpeg: Buffer;
}

export interface AlertSnapshotsOptions {
  cameras: readonly string[];
  /** camera → its regions, outlined on the snapshots of their alerts. */
  regions?: ReadonlyMap<string, readonly RegionOutline[]>;
  fps: number;
  folder: SnapshotFolder;
  /** A random-weight model's alerts test the plumbing; the picture says so. */
  randomWeights: boolean;
  /** Where each saved picture is announced (the latest snapshot per camera). */
  bus: ResultBus;
  logger: Logger;
}

/**
 * Per camera, a ring of the recent full-view frames that ffmpeg's snapshot output delivers;
 * on an alert, the frame of the alert's window is annotated, saved and announced on the bus.
 */
export class AlertSnapshots implements SnapshotCapture {
  private readonly rings = new Map<string, SnapshotRing>();
  private readonly log: Logger;

  constructor(private readonly opts: AlertSnapshotsOptions) {
    for (const camera of opts.cameras) {
      this.rings.set(camera, new SnapshotRing(ringCapacityFor(opts.fps)));
    }
    this.log = opts.logger.child({ module: 'snapshot' });
  }

  /** Where the camera's snapshot output delivers its JPEGs. */
  sinkFor(camera: string): (jpeg: Buffer, timeMs: number) => void {
    const ring = this.rings.get(camera);
    if (ring === undefined)
      throw new RangeError(`no snapshot ring for camera ${JSON.stringify(camera)}`);
    return (jpeg, timeMs) => ring.push(jpeg, timeMs);
  }

  /**
   * The annotated, saved snapshot of an alert, announced as the camera's latest before it is
   * returned; null (logged) when there is none to take.
   */
  async capture(alert: Alert): Promise<SnapshotFile | null> {
    const saved = await this.save(alert);
    if (saved === null) return null;
    const { path, timeMs, jpeg } = saved;
    this.opts.bus.emit('snapshot', { camera: alert.event.camera, jpeg, path, timeMs });
    return { path, timeMs };
  }

  private regionOf(camera: string, region: string | null): { region?: RegionOutline } {
    const outline = this.opts.regions?.get(camera)?.find((r) => r.name === region);
    return outline === undefined ? {} : { region: outline };
  }

  private async save(alert: Alert): Promise<SavedSnapshot | null> {
    const { event } = alert;
    const frame = this.rings.get(event.camera)?.pick(event.window);
    if (frame === undefined) {
      this.log.warn(
        { camera: event.camera, rule: alert.rule },
        'no snapshot frame for the alert yet',
      );
      return null;
    }
    try {
      const jpeg = await annotateSnapshot(frame.jpeg, {
        label: event.label,
        score: event.score,
        timeMs: frame.timeMs,
        camera: event.camera,
        rule: alert.rule,
        randomWeights: this.opts.randomWeights,
        ...this.regionOf(event.camera, event.region ?? null),
      });
      const tags = [event.camera, ...(event.region ? [event.region] : []), alert.rule, event.label];
      const path = await this.opts.folder.save(frame.timeMs, tags, jpeg);
      return { path, timeMs: frame.timeMs, jpeg };
    } catch (err) {
      this.log.error({ err, camera: event.camera, rule: alert.rule }, 'alert snapshot failed');
      return null;
    }
  }
}

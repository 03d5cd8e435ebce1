import type { Alert } from '../recognize/index.js';
import type { SnapshotFile } from './resultBus.js';

/**
 * The one step an alert waits for before it goes on the bus: its payload names the snapshot's
 * file, or null when there is none, so the picture must be saved (or have failed) first. A
 * listener on `alert` could only learn of the alert after its payload was fixed; this narrow
 * question keeps the dispatcher from knowing how or where pictures are taken.
 */
export interface SnapshotCapture {
  /** The alert's saved snapshot; null when there is none to take. */
  capture(alert: Alert): Promise<SnapshotFile | null>;
}

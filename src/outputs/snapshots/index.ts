export {
  AlertSnapshots,
  type AlertSnapshotsOptions,
  type SavedSnapshot,
} from './alertSnapshots.js';
export { annotateSnapshot, bannerSvg, formatTime, type SnapshotAnnotation } from './annotate.js';
export { type RegionOutline, regionOutlineSvg } from './regionOverlay.js';
export { SnapshotFolder, snapshotFileName } from './snapshotFolder.js';
export { ringCapacityFor, type Snapshot, SnapshotRing } from './snapshotRing.js';

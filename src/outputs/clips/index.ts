export { cutClip } from './clipCutter.js';
export { ClipLibrary, clipFileName, type SavedClip } from './clipLibrary.js';
export { ClipRecorder, type ClipRecorderOptions, type ClipStats } from './clipRecorder.js';
export { clipLocation, clipSpan, readyReference } from './clipSpan.js';
export { type FreeSpaceProbe, statfsFreeBytes } from './freeSpace.js';
export { mp4DurationMs } from './mp4Duration.js';
export { clipsToDelete, type StoredClip } from './retentionPolicy.js';
export { SegmentCache } from './segmentCache.js';
export {
  type ListedSegment,
  parseSegmentList,
  recordedUntil,
  type Segment,
  segmentsToPrune,
  selectSegments,
} from './segments.js';
export { StorageGuard } from './storageGuard.js';

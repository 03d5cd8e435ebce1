export { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
export { type ConnectionQuality, connectionQuality } from './connectionQuality.js';
export {
  buildFfmpegArgs,
  buildVideoFilter,
  DEFAULT_IO_TIMEOUT_MS,
  type FfmpegOutput,
  fpsRational,
  frameBytesFor,
  HWACCEL_PRESETS,
  resizeCropFilters,
  samplingFilters,
} from './ffmpegArgs.js';
export {
  type FfmpegPathSource,
  ffmpegStaticBinary,
  findOnPath,
  type ResolvedFfmpegPath,
  type ResolveFfmpegPathOptions,
  resolveFfmpegPath,
} from './ffmpegPath.js';
export type { KillFn, SpawnFn } from './ffmpegRun.js';
export { FrameReader } from './frameReader.js';
export {
  FrameSource,
  type FrameSourceOptions,
  type FrameSourceStats,
} from './frameSource.js';
export { DEFAULT_MAX_JPEG_BYTES, JpegSplitter } from './jpegSplitter.js';
export { buildLiveOutputArgs, LIVE_FD, type LiveOutput } from './liveOutput.js';
export {
  buildPassthroughOutputArgs,
  PASSTHROUGH_FD,
  type PassthroughOutput,
  PassthroughSwitch,
} from './passthroughOutput.js';
export {
  buildRecordOutputArgs,
  type RecordCodec,
  type RecordingOutput,
  RecordingRun,
  type RecordOutputSpec,
  recordCodecFor,
  SEGMENT_EXTENSION,
  SEGMENT_LIST,
} from './recordOutput.js';
export {
  buildRegionGraph,
  buildRegionOutputArgs,
  REGION_FD_BASE,
  type RegionCrop,
  regionCropFilter,
  regionFd,
  regionUpscaleFactor,
} from './regionFilters.js';
export { type RegionOutput, RegionTaps } from './regionTaps.js';
export {
  buildSnapshotOutputArgs,
  SNAPSHOT_FD,
  type SnapshotOutput,
  SnapshotTap,
} from './snapshotOutput.js';
export type { FrameSourceEvents, SourceState, SourceStateDetail } from './sourceState.js';
export { SOURCE_KINDS, type SourceKind } from './sources/index.js';
export { dieWithParentArgv, findSetpriv, spawnDyingWithParent } from './spawnChild.js';
export { redactCredentials, StderrTail, secretsInUrl } from './stderrTail.js';
export { canCopyStream } from './streamCopy.js';

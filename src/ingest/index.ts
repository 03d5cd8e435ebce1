export { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
export {
  buildFfmpegArgs,
  buildVideoFilter,
  DEFAULT_IO_TIMEOUT_MS,
  type FfmpegOutput,
  fpsRational,
  frameBytesFor,
  HWACCEL_PRESETS,
} from './ffmpegArgs.js';
export {
  type FfmpegPathSource,
  ffmpegStaticBinary,
  findOnPath,
  type ResolvedFfmpegPath,
  type ResolveFfmpegPathOptions,
  resolveFfmpegPath,
} from './ffmpegPath.js';
export type { KillFn, SpawnFn, Timers } from './ffmpegRun.js';
export { FrameReader } from './frameReader.js';
export {
  FrameSource,
  type FrameSourceEvents,
  type FrameSourceOptions,
  type FrameSourceStats,
  type SourceState,
  type SourceStateDetail,
} from './frameSource.js';
export { redactCredentials, StderrTail, secretsInUrl } from './stderrTail.js';

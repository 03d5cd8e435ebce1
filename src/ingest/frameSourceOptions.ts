import type { FrameSink } from '../buffer/frameSink.js';
import type { CameraConfig } from '../config/types.js';
import type { Clock } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { BackoffOptions } from './backoff.js';
import type { FfmpegOutput } from './ffmpegArgs.js';
import type { KillFn, SpawnFn } from './ffmpegRun.js';
import type { LiveOutput } from './liveOutput.js';
import type { PassthroughOutput } from './passthroughOutput.js';
import type { RecordingOutput } from './recordOutput.js';
import type { RegionOutput } from './regionTaps.js';
import type { SnapshotOutput } from './snapshotOutput.js';

/**
 * What a camera's FrameSource is given: the camera, what the model wants of its frames,
 * where they go, and each extra output its ffmpeg writes besides them.
 */
export interface FrameSourceOptions {
  camera: CameraConfig;
  output: FfmpegOutput;
  ffmpegPath: string;
  sink: FrameSink;
  logger: Logger;
  spawn?: SpawnFn;
  kill?: KillFn;
  /** Wall clock (epoch ms) and timers: restart backoff, stall watchdog, kill grace. */
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Source of jitter for the backoff, in [0, 1). */
  random?: () => number;
  /** How long ffmpeg gets after SIGTERM before SIGKILL. */
  killGraceMs?: number;
  /** Also write low-rate full-view JPEGs (alert snapshots) on a second output. */
  snapshots?: SnapshotOutput;
  /** Regions of interest, each cut out of the same decoded picture into its own sink. */
  regions?: readonly RegionOutput[];
  /** Also write the stream's segments for event clips on another output. */
  recording?: RecordingOutput;
  /** Also write a live view (small JPEGs for the web console) on a third output. */
  live?: LiveOutput;
  /** Also pass the camera's own stream through, as fragmented MP4, on another output. */
  passthrough?: PassthroughOutput;
}

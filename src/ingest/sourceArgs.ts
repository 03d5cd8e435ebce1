import type { CameraConfig } from '../config/types.js';
import {
  buildFfmpegArgs,
  DEFAULT_IO_TIMEOUT_MS,
  type FfmpegOutput,
  frameBytesFor,
} from './ffmpegArgs.js';
import { buildLiveOutputArgs, type LiveOutput } from './liveOutput.js';
import type { RegionOutput } from './regionTaps.js';
import { buildSnapshotOutputArgs, type SnapshotOutput } from './snapshotOutput.js';

export interface SourceArgsOptions {
  camera: CameraConfig;
  output: FfmpegOutput;
  /** Bytes of one frame in the sink the rgb24 output is written to. */
  sinkFrameBytes: number;
  snapshots?: SnapshotOutput;
  /** Regions whose frames go to pipes of their own; their sinks must fit cropSize too. */
  regions?: readonly RegionOutput[] | undefined;
  live?: LiveOutput;
}

/**
 * The argv of one camera's ffmpeg: the rgb24 output, then the snapshot and live outputs when
 * asked for.
 * Throws a RangeError for sizes that can never work, so no ffmpeg is started for them.
 */
export function buildSourceArgs(opts: SourceArgsOptions): string[] {
  const { camera, output, sinkFrameBytes, snapshots, regions = [], live } = opts;
  const expectedBytes = frameBytesFor(output.cropSize);
  if (sinkFrameBytes !== expectedBytes) {
    throw new RangeError(
      `sink.frameBytes is ${sinkFrameBytes}, but cropSize ${output.cropSize} gives ${expectedBytes}`,
    );
  }
  for (const { region, sink } of regions) {
    if (sink.frameBytes !== expectedBytes) {
      throw new RangeError(
        `region ${region.name}: sink.frameBytes is ${sink.frameBytes}, but cropSize ${output.cropSize} gives ${expectedBytes}`,
      );
    }
  }
  const args = buildFfmpegArgs(
    camera.source,
    output,
    { timeoutMs: ioTimeoutMsFor(camera.stallTimeoutMs) },
    regions.map(({ region }) => region),
  );
  if (snapshots) args.push(...buildSnapshotOutputArgs(snapshots));
  if (live) args.push(...buildLiveOutputArgs(live));
  return args;
}

/** Below the stall timeout, so ffmpeg's own message ("Connection timed out") usually
 *  explains a dead camera before the watchdog has to kill it. */
function ioTimeoutMsFor(stallTimeoutMs: number): number {
  return Math.min(DEFAULT_IO_TIMEOUT_MS, Math.max(1000, Math.floor(stallTimeoutMs / 2)));
}

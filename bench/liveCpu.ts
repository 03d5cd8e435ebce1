import {
  buildFfmpegArgs,
  buildLiveOutputArgs,
  buildPassthroughOutputArgs,
  type FfmpegOutput,
  LIVE_FD,
  PASSTHROUGH_FD,
} from '../src/ingest/index.js';
import { ffmpegRunCpuMs, fileSource, withBenchmark } from './ffmpegCpu.js';

/** MViT-B's card values. */
const OUTPUT: FfmpegOutput = {
  cropSize: 224,
  resizeShortSide: 256,
  fps: 7.5,
  scaleFlags: 'bilinear',
};
/** The live view's defaults. */
export const MJPEG = { fps: 5, width: 640 };

export interface LiveCase {
  name: string;
  mjpeg: boolean;
  passthrough: boolean;
  /** Only the passthrough output: what it costs beyond reading the input, with no decode. */
  copyOnly?: boolean;
}

export const LIVE_CASES: readonly LiveCase[] = [
  { name: 'live off', mjpeg: false, passthrough: false },
  { name: `MJPEG ${MJPEG.fps} fps ${MJPEG.width} px`, mjpeg: true, passthrough: false },
  { name: 'H.264 passthrough', mjpeg: false, passthrough: true },
  { name: 'MJPEG + passthrough', mjpeg: true, passthrough: true },
  { name: 'passthrough alone (no decode)', mjpeg: false, passthrough: true, copyOnly: true },
];

/**
 * One ffmpeg run of the daemon's argv for a file camera with the case's live outputs, every
 * pipe read and thrown away; resolves with ffmpeg's CPU ms (user + system, -benchmark).
 */
export function ffmpegCpuMs(ffmpeg: string, clip: string, liveCase: LiveCase): Promise<number> {
  const args = buildFfmpegArgs(fileSource(clip), OUTPUT);
  if (liveCase.copyOnly) args.splice(args.indexOf('-i') + 2);
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore'];
  if (liveCase.copyOnly) stdio[1] = 'ignore';
  if (liveCase.mjpeg) {
    args.push(...buildLiveOutputArgs(MJPEG));
    stdio[LIVE_FD] = 'pipe';
  }
  if (liveCase.passthrough) {
    args.push(...buildPassthroughOutputArgs());
    stdio[PASSTHROUGH_FD] = 'pipe';
  }
  return ffmpegRunCpuMs(ffmpeg, withBenchmark(args), stdio);
}

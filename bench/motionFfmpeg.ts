import type { FfmpegOutput } from '../src/ingest/index.js';
import { DECODE_VARIANTS, variantArgs } from './decodeVariants.js';
import { ffmpegRunCpuMs } from './ffmpegCpu.js';

/** The alternative to measuring on ring frames: a small full-view grayscale output. */
export const GRAY_OUTPUT = { width: 96, fd: 3 };

/**
 * argv of a tiny full-frame grayscale output at the model's fps, on its own pipe like the
 * snapshot JPEGs: what motion would read if it measured the whole picture.
 */
export function grayOutputArgs(fps: string): string[] {
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    ...['-vf', `fps=fps=${fps}:round=up,scale=w=${GRAY_OUTPUT.width}:h=-2:flags=area,format=gray`],
    ...['-fps_mode', 'passthrough', '-f', 'rawvideo', `pipe:${GRAY_OUTPUT.fd}`],
  ];
}

/** ffmpeg's own CPU ms (-benchmark) for the daemon's argv on `clip`, with or without the gray output. */
export function ffmpegCpuMs(
  ffmpeg: string,
  clip: string,
  output: FfmpegOutput,
  withGray: boolean,
  fps: string,
): Promise<number> {
  const { args } = variantArgs(clip, output, DECODE_VARIANTS[0] as (typeof DECODE_VARIANTS)[0]);
  const argv = withGray ? [...args, ...grayOutputArgs(fps)] : args;
  return ffmpegRunCpuMs(ffmpeg, argv, ['ignore', 'pipe', 'pipe', 'pipe']);
}

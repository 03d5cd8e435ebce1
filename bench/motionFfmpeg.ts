import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { FfmpegOutput } from '../src/ingest/index.js';
import { DECODE_VARIANTS, parseBenchmarkCpuMs, variantArgs } from './decodeVariants.js';

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
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, argv, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout?.resume();
    (child.stdio[3] as Readable | null)?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`ffmpeg exited with ${code}: ${stderr.slice(-300)}`));
        return;
      }
      try {
        resolve(parseBenchmarkCpuMs(stderr));
      } catch (err) {
        reject(err);
      }
    });
  });
}

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A 1080p30 H.264 stream shaped like an IP camera's: High profile, no B-frames, 2 s GOP. */
export const CAMERA_CLIP = {
  width: 1920,
  height: 1080,
  fps: 30,
  seconds: 10,
  /** Typical 1080p30 camera bitrate; the noise makes the encoder spend it. */
  bitrate: '4M',
};

/**
 * Makes (once, cached in the temp dir) a synthetic 1080p30 camera clip: testsrc2 with moving
 * grain, so the decoder works as hard as on real footage at a camera's bitrate instead of on
 * a few flat blocks.
 */
export async function cameraClip(ffmpeg: string): Promise<string> {
  const { width, height, fps, seconds, bitrate } = CAMERA_CLIP;
  const dir = path.join(os.tmpdir(), 'actionwatch-bench');
  const file = path.join(dir, `testsrc2-${width}x${height}p${fps}-${seconds}s-${bitrate}.mp4`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial.mp4`;
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-t', String(seconds)],
    ...['-vf', 'noise=alls=12:allf=t+u', '-pix_fmt', 'yuv420p'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-bf', '0'],
    ...['-g', String(2 * fps), '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', '8M'],
    partial,
  ]);
  renameSync(partial, file);
  return file;
}

import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const clipsDir = path.resolve(repoRoot, '../shared/clips');

/** A real MJPEG stream as ffmpeg's snapshot output writes it: one 320 px JPEG per second. */
export function mjpegStreamOf(clip: string, seconds = 4): Buffer {
  return execFileSync(
    '/usr/bin/ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-t', String(seconds)],
      ...['-i', path.join(clipsDir, clip), '-an', '-vf', 'fps=1,scale=320:-2'],
      ...['-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1'],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

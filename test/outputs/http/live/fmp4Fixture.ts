import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPassthroughOutputArgs } from '../../../../src/ingest/index.js';

/** H.264 with a keyframe every 30 frames (1 s), high profile, level 3.1: avc1.64001f. */
export const H264_ARGS = [
  ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
  ...['-profile:v', 'high', '-level:v', '3.1', '-g', '30', '-keyint_min', '30'],
  ...['-sc_threshold', '0'],
];
export const H265_ARGS = [
  '-c:v',
  'libx265',
  '-preset',
  'ultrafast',
  '-x265-params',
  'log-level=error',
];

/**
 * What the camera's ffmpeg writes on its passthrough pipe for a file of 3 s of testsrc2
 * (320x180, 30 fps) encoded with `codecArgs`: the same output argv, on stdout instead of fd 5.
 */
export function fragmentedMp4(codecArgs: string[]): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-fmp4-'));
  try {
    const file = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3'],
      ...codecArgs,
      file,
    ]);
    const output = [...buildPassthroughOutputArgs().slice(0, -1), 'pipe:1'];
    return execFileSync('ffmpeg', ['-v', 'error', '-i', file, ...output], {
      maxBuffer: 64 * 2 ** 20,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

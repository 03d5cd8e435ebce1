import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What writeResolutionChangeClip writes: sizes, length and sampled frames at 7.5 fps. */
export const RESOLUTION_CHANGE_CLIP = {
  sizes: ['320x240', '480x272'],
  segmentSeconds: 2,
  /** 4 s at 7.5 fps. */
  sampledFrames: 30,
} as const;

/**
 * An MPEG-TS stream at 30 fps whose picture size changes half-way (320x240, then 480x272),
 * its times running on across the change, as a camera's would after a settings change.
 * ffmpeg rebuilds its filter graph at the change. Returns the file's path.
 */
export function writeResolutionChangeClip(dir: string, ffmpegPath = 'ffmpeg'): string {
  const { sizes, segmentSeconds } = RESOLUTION_CHANGE_CLIP;
  const segments = sizes.map((size, i) => {
    const file = path.join(dir, `segment-${i}.ts`);
    execFileSync(ffmpegPath, [
      ...['-v', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `testsrc2=size=${size}:rate=30:duration=${segmentSeconds}`],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '30'],
      ...['-output_ts_offset', String(i * segmentSeconds), '-f', 'mpegts', file],
    ]);
    return readFileSync(file);
  });
  const clip = path.join(dir, 'resolution-change.ts');
  writeFileSync(clip, Buffer.concat(segments));
  return clip;
}

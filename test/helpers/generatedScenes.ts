import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Clearly different generated scenes for teaching a head: a test pattern, the game of life,
 * noisy colours. Each variant is a lavfi graph of a 4 s, 160x120, 15 fps video.
 */
export const SCENES: Record<'pattern' | 'cells' | 'background', (variant: number) => string> = {
  pattern: (v) => `testsrc2=size=160x120:rate=15:duration=4,hue=h=${v * 40}`,
  cells: (v) =>
    `life=size=160x120:rate=15:seed=${v}:ratio=0.3:mold=8:life_color=white:death_color=0x202020,trim=duration=4`,
  background: (v) =>
    `color=c=0x${(v * 37).toString(16).padStart(2, '0')}4060:size=160x120:rate=15:duration=4,noise=alls=${v * 8}:allf=t`,
};

/** Writes the lavfi `graph` as an H.264 file (folders made as needed). */
export function generateVideo(file: string, graph: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    graph,
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
}

/** `<folder>/<scene>/<scene><variant>.mp4` for every scene and variant: teach's folder layout. */
export function generateExamples(folder: string, variants: readonly number[] = [1, 2, 3]): void {
  for (const [label, scene] of Object.entries(SCENES)) {
    for (const variant of variants) {
      generateVideo(path.join(folder, label, `${label}${variant}.mp4`), scene(variant));
    }
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeLikeTheDaemon } from './ffmpegFrames.js';
import { readJson } from './goldens.js';
import { meanAbsDifference } from './metrics.js';

/** The scale flags measured; the chain is the daemon's (rgb24 first, then scale). */
export const SCALER_VARIANTS = [
  'bilinear',
  'bilinear+full_chroma_inp',
  'bilinear+full_chroma_inp+accurate_rnd',
  'bilinear+full_chroma_int+full_chroma_inp+accurate_rnd',
  'fast_bilinear',
  'bicubic',
  'bicubic+full_chroma_inp',
  'area',
  'area+full_chroma_inp',
  'neighbor',
  'lanczos',
  'spline',
  'gauss',
];

interface RawCrops {
  file: string;
  resize: number;
  crop: number;
  antialias: boolean;
  frames: number;
  raw: string;
}

/** 'one-pass': the chain before the parity work, one scale converting to RGB and resizing. */
export type ScalerChain = 'rgb-first' | 'one-pass';

export interface ScalerRow {
  chain: ScalerChain;
  flags: string;
  resize: number;
  crop: number;
  /** Mean absolute difference (0..255 steps) per clip, against [aliased, antialiased] resize. */
  perClip: { file: string; plain: number; antialiased: number }[];
}

/**
 * (c) For each scaler and geometry: our ffmpeg crops of every sampled frame against
 * torchvision's resize + center crop of the same decoded frames (written by harness.py full).
 */
export async function scalerTable(
  referenceDir: string,
  ffmpegPath: string,
  clipsDir: string,
  chain: ScalerChain,
) {
  const { crops } = readJson(path.join(referenceDir, 'crops.json')) as { crops: RawCrops[] };
  const rows: ScalerRow[] = [];
  const geometries = [...new Set(crops.map((c) => `${c.resize}/${c.crop}`))];
  for (const geometry of geometries) {
    const [resize, crop] = geometry.split('/').map(Number) as [number, number];
    for (const flags of SCALER_VARIANTS) {
      const row: ScalerRow = { chain, flags, resize, crop, perClip: [] };
      for (const file of [...new Set(crops.map((c) => c.file))]) {
        const refs = crops.filter((c) => c.file === file && c.resize === resize);
        const ours = await decodeLikeTheDaemon(
          ffmpegPath,
          path.join(clipsDir, file),
          {
            cropSize: crop,
            resizeShortSide: resize,
            fps: 7.5,
            scaleFlags: flags,
          },
          chain === 'one-pass' ? (vf) => vf.replace(',format=rgb24', '') : undefined,
        );
        const against = (antialias: boolean) =>
          differenceToRaw(
            ours,
            refs.find((r) => r.antialias === antialias),
            referenceDir,
          );
        row.perClip.push({ file, plain: against(false), antialiased: against(true) });
      }
      rows.push(row);
    }
  }
  return rows;
}

function differenceToRaw(ours: Uint8Array[], ref: RawCrops | undefined, dir: string): number {
  if (ref === undefined) return Number.NaN;
  const bytes = readFileSync(path.join(dir, ref.raw));
  const frameBytes = bytes.length / ref.frames;
  // torchvision keeps floor(frames * 7.5 / fps) frames; ffmpeg may deliver one more.
  const frames = Math.min(ref.frames, ours.length);
  const mine = Buffer.concat(ours.slice(0, frames));
  return meanAbsDifference(mine, bytes.subarray(0, frames * frameBytes));
}

export function formatScalerTable(rows: ScalerRow[]): string {
  const files = rows[0]?.perClip.map((c) => c.file.replace(/\.\w+$/, '')) ?? [];
  const lines = [
    `| resize/crop | chain | scale flags | ${files.join(' | ')} | mean |`,
    `|---|---|---|${files.map(() => '---|').join('')}---|`,
  ];
  for (const row of rows) {
    const cells = row.perClip.map((c) => `${c.plain.toFixed(3)} / ${c.antialiased.toFixed(3)}`);
    const mean = (pick: (c: ScalerRow['perClip'][number]) => number) =>
      (row.perClip.reduce((sum, c) => sum + pick(c), 0) / row.perClip.length).toFixed(3);
    lines.push(
      `| ${row.resize}/${row.crop} | ${row.chain} | ${row.flags} | ${cells.join(' | ')} | ${mean((c) => c.plain)} / ${mean((c) => c.antialiased)} |`,
    );
  }
  return lines.join('\n');
}

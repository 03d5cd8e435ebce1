import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type FfmpegOutput, frameBytesFor, resolveFfmpegPath } from '../src/ingest/index.js';
import { positiveInteger } from './args.js';
import { CAMERA_CLIP, cameraClip } from './decodeClip.js';
import { DECODE_VARIANTS, type DecodeVariant, variantArgs } from './decodeVariants.js';
import { parseBenchmarkCpuMs, parseBenchmarkMaxRssMiB } from './ffmpegCpu.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { formatTable, median, percent } from './stats.js';

export const DECODE_USAGE = `npm run bench -- decode [--rounds N] [--out DIR]

  Software decode cost of a 1080p30 H.264 camera sampled at 7.5 fps, scaled and cropped to 224:
  ffmpeg's own CPU time (-benchmark) for the daemon's argv and variants of it, on a generated
  10 s clip (cached in the temp dir), and whether each variant gives the same frames.`;

/** MViT-B's card values; the decode cost does not depend on the model file. */
const OUTPUT: FfmpegOutput = {
  cropSize: 224,
  resizeShortSide: 256,
  fps: 7.5,
  scaleFlags: 'bilinear',
};

interface Run {
  cpuMs: number;
  maxRssMiB: number | null;
  frames: number;
  sha256: string;
}

export interface DecodeRow {
  variant: string;
  note: string;
  /** ffmpeg CPU per second of video: the share of one core a live camera costs. */
  coreShare: number;
  /** ffmpeg's peak resident memory. */
  maxRssMiB: number | null;
  frames: number;
  /** Same output bytes as the default argv; null when the variant writes no frames. */
  sameFrames: boolean | null;
}

export async function decodeCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const rounds = positiveInteger('rounds', values.rounds);
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clip = await cameraClip(ffmpeg);
  const context = contextStart();
  const rows = await benchDecode(ffmpeg, clip, rounds);
  const finished = context.finish();
  const { width, height, fps, seconds, bitrate } = CAMERA_CLIP;
  const table = formatTable(
    ['variant', 'ffmpeg CPU (1 core = 100 %)', 'peak RSS', 'frames out', 'same frames'],
    rows.map((r) => [
      r.variant,
      percent(r.coreShare),
      r.maxRssMiB === null ? '-' : `${r.maxRssMiB.toFixed(0)} MiB`,
      String(r.frames),
      r.sameFrames === null ? '-' : r.sameFrames ? 'yes' : 'NO',
    ]),
  );
  process.stdout.write(
    `clip: ${clip} (${width}x${height} ${fps} fps H.264 ${bitrate}, ${seconds} s) → 7.5 fps, 224x224 rgb24; median of ${rounds} rounds\n${table}\n${describeLoad(finished)}\n`,
  );
  const file = writeResult(values.out, 'decode', { context: finished, clip: CAMERA_CLIP, rows });
  process.stdout.write(`wrote ${file}\n`);
}

async function benchDecode(ffmpeg: string, clip: string, rounds: number): Promise<DecodeRow[]> {
  const runs = new Map<DecodeVariant, Run[]>(DECODE_VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of DECODE_VARIANTS) {
      runs.get(variant)?.push(await runVariant(ffmpeg, clip, variant));
    }
  }
  const reference = runs.get(DECODE_VARIANTS[0] as DecodeVariant)?.[0]?.sha256;
  return DECODE_VARIANTS.map((variant) => {
    const mine = runs.get(variant) ?? [];
    const first = mine[0] as Run;
    return {
      variant: variant.name,
      note: variant.note,
      coreShare: median(mine.map((r) => r.cpuMs)) / (CAMERA_CLIP.seconds * 1000),
      maxRssMiB: first.maxRssMiB,
      frames: first.frames,
      sameFrames: variant.decodeOnly ? null : first.sha256 === reference,
    };
  });
}

function runVariant(ffmpeg: string, clip: string, variant: DecodeVariant): Promise<Run> {
  const { args, rawOutput } = variantArgs(clip, OUTPUT, variant);
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`ffmpeg (${variant.name}) exited with ${code}: ${stderr.slice(-300)}`));
        return;
      }
      try {
        resolve({
          cpuMs: parseBenchmarkCpuMs(stderr),
          maxRssMiB: parseBenchmarkMaxRssMiB(stderr),
          frames: rawOutput ? bytes / frameBytesFor(OUTPUT.cropSize) : 0,
          sha256: hash.digest('hex'),
        });
      } catch (err) {
        reject(err);
      }
    });
  });
}

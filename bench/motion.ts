import { parseArgs } from 'node:util';
import { type FfmpegOutput, fpsRational, resolveFfmpegPath } from '../src/ingest/index.js';
import { nonNegativeInteger, positiveInteger } from './args.js';
import { CAMERA_CLIP, cameraClip } from './decodeClip.js';
import { MOTION_COST_CASES, timeMotionCost } from './motionCost.js';
import { ffmpegCpuMs, GRAY_OUTPUT } from './motionFfmpeg.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable, median, percent } from './stats.js';

export const MOTION_USAGE = `npm run bench -- motion [--rounds N] [--frames N] [--ffmpeg-rounds N] [--out DIR]

  Motion measure cost per frame (luma derivation + frame difference), in CPU µs, for the ring's
  224x224 rgb24 frames at several sampling steps and for a ${GRAY_OUTPUT.width} px grayscale plane;
  and ffmpeg's extra CPU for writing that grayscale plane as a second output of a 1080p30
  H.264 camera (--ffmpeg-rounds 0 skips it).`;

const OUTPUT: FfmpegOutput = {
  cropSize: 224,
  resizeShortSide: 256,
  fps: 7.5,
  scaleFlags: 'bilinear',
};

export async function motionCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '7' },
      frames: { type: 'string', default: '20000' },
      'ffmpeg-rounds': { type: 'string', default: '3' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const rounds = positiveInteger('rounds', values.rounds);
  const frames = positiveInteger('frames', values.frames);
  const ffmpegRounds = nonNegativeInteger('ffmpeg-rounds', values['ffmpeg-rounds']);
  const context = contextStart();
  const measure = MOTION_COST_CASES.map((c) => {
    const perFrameUs = timeMotionCost(c, frames, rounds);
    return { name: c.name, perFrameUs, medianUs: median(perFrameUs) };
  });
  const ffmpeg = ffmpegRounds > 0 ? await benchGrayOutput(ffmpegRounds) : null;
  const finished = context.finish();
  printMeasure(measure, frames, rounds);
  if (ffmpeg !== null) printFfmpeg(ffmpeg, ffmpegRounds);
  process.stdout.write(`${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'motion', { context: finished, measure, ffmpeg });
  process.stdout.write(`wrote ${file}\n`);
}

function printMeasure(
  rows: { name: string; perFrameUs: number[]; medianUs: number }[],
  frames: number,
  rounds: number,
): void {
  const table = formatTable(
    ['luma plane', 'CPU µs / frame (median)', 'min', 'max', 'core share at 7.5 fps'],
    rows.map((r) => [
      r.name,
      fixed(r.medianUs, 2),
      fixed(Math.min(...r.perFrameUs), 2),
      fixed(Math.max(...r.perFrameUs), 2),
      percent((r.medianUs * 7.5) / 1e6),
    ]),
  );
  process.stdout.write(`motion measure, ${rounds} rounds of ${frames} frames\n${table}\n`);
}

interface GrayOutputResult {
  clip: typeof CAMERA_CLIP;
  /** ffmpeg CPU per second of video (1 = one core), per round. */
  baseShare: number[];
  withGrayShare: number[];
}

async function benchGrayOutput(rounds: number): Promise<GrayOutputResult> {
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clip = await cameraClip(ffmpeg);
  const videoMs = CAMERA_CLIP.seconds * 1000;
  const fps = fpsRational(OUTPUT.fps);
  const result: GrayOutputResult = { clip: CAMERA_CLIP, baseShare: [], withGrayShare: [] };
  // Alternating, so a change in the machine's load hits both alike.
  for (let round = 0; round < rounds; round++) {
    result.baseShare.push((await ffmpegCpuMs(ffmpeg, clip, OUTPUT, false, fps)) / videoMs);
    result.withGrayShare.push((await ffmpegCpuMs(ffmpeg, clip, OUTPUT, true, fps)) / videoMs);
  }
  return result;
}

function printFfmpeg(r: GrayOutputResult, rounds: number): void {
  const base = median(r.baseShare);
  const withGray = median(r.withGrayShare);
  const extra = median(r.withGrayShare.map((share, i) => share - (r.baseShare[i] as number)));
  const table = formatTable(
    ['ffmpeg argv', 'CPU (1 core = 100 %, median)', 'min', 'max'],
    [
      ['daemon argv (224 rgb24 only)', base, r.baseShare],
      [
        `+ ${GRAY_OUTPUT.width} px gray output on pipe:${GRAY_OUTPUT.fd}`,
        withGray,
        r.withGrayShare,
      ],
    ].map(([name, mid, all]) => [
      name as string,
      percent(mid as number),
      percent(Math.min(...(all as number[]))),
      percent(Math.max(...(all as number[]))),
    ]),
  );
  const { width, height, fps } = r.clip;
  process.stdout.write(
    `ffmpeg on ${width}x${height} ${fps} fps H.264, ${rounds} rounds\n${table}\nextra output costs ${percent(extra)} of a core (median of per-round differences)\n`,
  );
}

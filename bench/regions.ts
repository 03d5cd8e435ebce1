import { parseArgs } from 'node:util';
import {
  buildFfmpegArgs,
  type FfmpegOutput,
  type RegionCrop,
  regionFd,
  resolveFfmpegPath,
} from '../src/ingest/index.js';
import { positiveInteger } from './args.js';
import { CAMERA_CLIP, cameraClip } from './decodeClip.js';
import { ffmpegRunCpuMs, fileSource, withBenchmark } from './ffmpegCpu.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { formatTable, median, percent } from './stats.js';

export const REGIONS_USAGE = `npm run bench -- regions [--rounds N] [--out DIR]

  ffmpeg CPU of a 1080p30 H.264 camera (the decode bench's generated clip) with 0, 1 and 4
  regions of interest: the daemon's argv, every pipe read, ffmpeg's own CPU time
  (-benchmark) per second of video; median and range of N rounds.`;

/** MViT-B's card values. */
const OUTPUT: FfmpegOutput = {
  cropSize: 224,
  resizeShortSide: 256,
  fps: 7.5,
  scaleFlags: 'bilinear',
};

const LEFT_HALF: RegionCrop = { name: 'left', x: 0, y: 0, width: 0.5, height: 1 };
const QUADRANTS: RegionCrop[] = [
  { name: 'q1', x: 0, y: 0, width: 0.5, height: 0.5 },
  { name: 'q2', x: 0.5, y: 0, width: 0.5, height: 0.5 },
  { name: 'q3', x: 0, y: 0.5, width: 0.5, height: 0.5 },
  { name: 'q4', x: 0.5, y: 0.5, width: 0.5, height: 0.5 },
];
const CASES: ReadonlyArray<readonly [string, RegionCrop[]]> = [
  ['0 regions', []],
  ['1 region (left half)', [LEFT_HALF]],
  ['4 regions (quadrants)', QUADRANTS],
];

export async function regionsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '5' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const rounds = positiveInteger('rounds', values.rounds);
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clip = await cameraClip(ffmpeg);
  const context = contextStart();
  const cpuMs = new Map<string, number[]>(CASES.map(([name]) => [name, []]));
  // Interleaved, so a change in the machine's load hits every case alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, regions] of CASES)
      cpuMs.get(name)?.push(await runCase(ffmpeg, clip, regions));
  }
  const finished = context.finish();
  const videoMs = CAMERA_CLIP.seconds * 1000;
  const rows = CASES.map(([name]) => {
    const runs = cpuMs.get(name) ?? [];
    return {
      case: name,
      coreShare: median(runs) / videoMs,
      min: Math.min(...runs) / videoMs,
      max: Math.max(...runs) / videoMs,
    };
  });
  const table = formatTable(
    ['case', 'ffmpeg CPU (1 core = 100 %), median', 'range'],
    rows.map((r) => [r.case, percent(r.coreShare), `${percent(r.min)} – ${percent(r.max)}`]),
  );
  process.stdout.write(
    `clip: ${clip} (1080p30 H.264 ${CAMERA_CLIP.bitrate}, ${CAMERA_CLIP.seconds} s) → 7.5 fps, 224x224 rgb24 per target; ${rounds} rounds\n${table}\n${describeLoad(finished)}\n`,
  );
  process.stdout.write(
    `wrote ${writeResult(values.out, 'regions', { context: finished, rows })}\n`,
  );
}

/** One ffmpeg run of the daemon's argv; resolves with ffmpeg's CPU ms (user + system). */
function runCase(ffmpeg: string, clip: string, regions: RegionCrop[]): Promise<number> {
  const args = buildFfmpegArgs(fileSource(clip), OUTPUT, undefined, regions);
  const stdio: Array<'ignore' | 'pipe' | undefined> = ['ignore', 'pipe', 'pipe'];
  regions.forEach((_, i) => {
    stdio[regionFd(i)] = 'pipe';
  });
  return ffmpegRunCpuMs(ffmpeg, withBenchmark(args), stdio);
}

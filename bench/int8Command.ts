import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import { defaultCardPath, loadModelCard } from '../src/model/index.js';
import { nonNegativeInteger, positiveInteger } from './args.js';
import { compareGemmPrecisions, type GemmComparison } from './gemmPeak.js';
import {
  describeInt8Ceiling,
  type Int8Ceiling,
  inModelGemmSpeedup,
  int8Ceiling,
} from './int8Ceiling.js';
import { type OpProfile, profileOpTypes } from './opProfile.js';
import { compareModels, type ParityResult } from './parity.js';
import { describeRankMargins } from './rankMargins.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { type SpeedRoundsResult, speedRounds } from './speedRounds.js';
import { fixed, formatTable, percent } from './stats.js';

export const INT8_USAGE = `npm run bench -- int8 [--fp32 FILE] [--int8 FILE] [--clips A,B] [--stride N]
    [--rounds N] [--runs N] [--threads N] [--profile-runs N] [--gemm-size N] [--gemm-rounds N]
    [--out DIR]

  A quantized model against its float32 original, in one run: clips/s side by side (--rounds
  rounds of --runs clips each, the order alternating; the speed-up per round, its median and
  range), the agreement of their logits on windows of real clips (cosine, the same with each
  model's mean removed, top-1 and top-5 against float32), and what onnxruntime fused the
  quantized graph into (ms per run by op type). With --profile-runs and --gemm-rounds (int8 and
  float32 GEMM of --gemm-size, side by side) it also prints the speed-up int8 can reach at most
  when it makes only the matrix products faster (Amdahl's law on float32's profile). Defaults:
  models/mvit_v1_b.onnx against models/mvit_v1_b_int8_static.onnx (models/quantize_static.py),
  on the two clips the default calibration leaves out; 1 profile run, 6 GEMM rounds of 2048.`;

// quantize_static.py calibrates on arm_wrestling.mp4 and abseiling.mp4 by default.
const HELD_OUT_CLIPS = ['flipping_pancake.mkv', 'mpeg4_mp3.avi'];

export async function int8Command(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fp32: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      int8: { type: 'string', default: 'models/mvit_v1_b_int8_static.onnx' },
      labels: { type: 'string', default: 'labels.txt' },
      clips: { type: 'string', default: HELD_OUT_CLIPS.join(',') },
      stride: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '5' },
      runs: { type: 'string', default: '2' },
      threads: { type: 'string', default: '0' },
      'profile-runs': { type: 'string', default: '1' },
      'gemm-size': { type: 'string', default: '2048' },
      'gemm-rounds': { type: 'string', default: '6' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const threads = nonNegativeInteger('threads', values.threads);
  const context = contextStart();
  const speed = await speedRounds({
    referencePath: values.fp32,
    candidatePath: values.int8,
    threads,
    rounds: positiveInteger('rounds', values.rounds),
    runs: positiveInteger('runs', values.runs),
  });
  process.stdout.write(`${reportSpeed(speed)}\n`);
  const clipsDir = path.resolve('../shared/clips');
  const clips = values.clips.split(',').map((clip) => clip.trim());
  const agreement = await compareModels({
    referencePath: values.fp32,
    candidatePath: values.int8,
    labelsPath: values.labels,
    clips: clips.map((clip) => path.resolve(clipsDir, clip)),
    stride: positiveInteger('stride', values.stride),
    threads,
    referenceProvider: 'cpu',
    candidateProvider: 'cpu',
    ffmpeg: resolveFfmpegPath({ configured: '', env: process.env }).path,
  });
  process.stdout.write(`${reportAgreement(clips, agreement)}\n`);
  const profileRuns = nonNegativeInteger('profile-runs', values['profile-runs']);
  let profile: OpProfile | null = null;
  let float32Profile: OpProfile | null = null;
  if (profileRuns > 0) {
    const card = loadModelCard(defaultCardPath(values.int8));
    const input = new Uint8Array(card.clipLength * card.cropSize * card.cropSize * 3);
    for (let i = 0; i < input.length; i++) input[i] = (i * 2654435761) >>> 24;
    profile = await profileOpTypes(values.int8, card, input, threads, profileRuns);
    process.stdout.write(`${reportProfile(profile)}\n`);
    float32Profile = await profileOpTypes(values.fp32, card, input, threads, profileRuns);
  }
  const gemmRounds = nonNegativeInteger('gemm-rounds', values['gemm-rounds']);
  let gemm: GemmComparison | null = null;
  let ceiling: { probe: Int8Ceiling; inModel: Int8Ceiling | null } | null = null;
  if (gemmRounds > 0) {
    gemm = await compareGemmPrecisions(
      positiveInteger('gemm-size', values['gemm-size']),
      threads,
      gemmRounds,
    );
    if (float32Profile !== null && profile !== null) {
      ceiling = {
        probe: int8Ceiling(float32Profile, gemm.int8Speedup),
        inModel: int8Ceiling(float32Profile, inModelGemmSpeedup(float32Profile, profile)),
      };
      process.stdout.write(`${describeInt8Ceiling(ceiling.probe, ceiling.inModel, gemm)}\n`);
    }
  }
  const finished = context.finish();
  process.stdout.write(`${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'int8', {
    context: finished,
    fp32: values.fp32,
    int8: values.int8,
    clips,
    speed,
    agreement,
    profile,
    float32Profile,
    gemm,
    ceiling,
  });
  process.stdout.write(`wrote ${file}\n`);
}

function reportSpeed(s: SpeedRoundsResult): string {
  const rows = s.rounds.map((r, i) => [
    String(i + 1),
    fixed(r.referenceMs),
    fixed(r.candidateMs),
    fixed(r.speedup, 2),
  ]);
  return [
    formatTable(['round', 'fp32 ms/clip', 'int8 ms/clip', 'int8 speed-up'], rows),
    `fp32 ${fixed(s.reference.medianMs)} ms/clip (${fixed(s.reference.minMs)}–${fixed(s.reference.maxMs)}), ` +
      `int8 ${fixed(s.candidate.medianMs)} ms/clip (${fixed(s.candidate.minMs)}–${fixed(s.candidate.maxMs)})`,
    `int8 clips/s over fp32: median ${fixed(s.speedup.median, 2)}× (rounds ${fixed(s.speedup.min, 2)}–${fixed(s.speedup.max, 2)})`,
  ].join('\n');
}

function reportAgreement(clips: string[], r: ParityResult): string {
  return [
    `agreement on ${r.windows} windows of ${clips.join(', ')}: int8 against fp32`,
    `  cosine of logits:                 min ${fixed(r.cosine.min, 5)}  mean ${fixed(r.cosine.mean, 5)}`,
    `  same, each model's mean removed:  min ${fixed(r.centeredCosine.min, 5)}  mean ${fixed(r.centeredCosine.mean, 5)}`,
    `  top-1 agreement ${percent(r.top1Agreement)}   top-5 overlap ${percent(r.top5Overlap)}   max |logit difference| ${r.maxAbsDiff.toExponential(2)}`,
    describeRankMargins(r.margins),
  ].join('\n');
}

function reportProfile(p: OpProfile): string {
  const rows = Object.entries(p.byOpType)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([op, ms]) => [op, fixed(ms), percent(ms / p.totalMs)]);
  return [
    `int8 model by op type after onnxruntime's fusions (kernel ms per run, ${p.runs} run(s)):`,
    formatTable(['op type', 'ms', 'share'], rows),
  ].join('\n');
}

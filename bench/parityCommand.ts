import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import { nonNegativeInteger, oneOf, positiveInteger } from './args.js';
import { PROVIDERS } from './modelCommand.js';
import { compareModels, type ParityResult } from './parity.js';
import { describeRankMargins } from './rankMargins.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable, percent } from './stats.js';

export const PARITY_USAGE = `npm run bench -- parity [--reference FILE] [--candidate FILE] [--labels FILE]
    [--clips A,B] [--stride N] [--threads N] [--reference-provider P] [--candidate-provider P]
    [--out DIR]

  Logits of a candidate model (default models/mvit_v1_b_int8.onnx, from models/quantize_int8.py)
  against a reference (default models/mvit_v1_b.onnx) on windows of the real clips in
  ../shared/clips decoded by the daemon's argv: cosine similarity, the same with each model's
  mean removed, top-1 agreement and top-5 overlap, the largest logit difference, and both
  models' ms/clip side by side. Each model runs on its provider alone (default cpu): say
  --candidate-provider webgpu with a --target webgpu export to check webgpu against cpu.`;

const DEFAULT_CLIPS = [
  'arm_wrestling.mp4',
  'abseiling.mp4',
  'flipping_pancake.mkv',
  'mpeg4_mp3.avi',
];

export async function parityCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      reference: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      candidate: { type: 'string', default: 'models/mvit_v1_b_int8.onnx' },
      labels: { type: 'string', default: 'labels.txt' },
      clips: { type: 'string', default: DEFAULT_CLIPS.join(',') },
      stride: { type: 'string', default: '8' },
      threads: { type: 'string', default: '0' },
      'reference-provider': { type: 'string', default: 'cpu' },
      'candidate-provider': { type: 'string', default: 'cpu' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const clipsDir = path.resolve('../shared/clips');
  const context = contextStart();
  const result = await compareModels({
    referencePath: values.reference,
    candidatePath: values.candidate,
    labelsPath: values.labels,
    clips: values.clips.split(',').map((clip) => path.resolve(clipsDir, clip.trim())),
    stride: positiveInteger('stride', values.stride),
    threads: nonNegativeInteger('threads', values.threads),
    referenceProvider: oneOf('reference-provider', values['reference-provider'], PROVIDERS),
    candidateProvider: oneOf('candidate-provider', values['candidate-provider'], PROVIDERS),
    ffmpeg: resolveFfmpegPath({ configured: '', env: process.env }).path,
  });
  const finished = context.finish();
  process.stdout.write(
    `${reportParity(values.reference, values.candidate, result)}\n${describeLoad(finished)}\n`,
  );
  const file = writeResult(values.out, 'parity', {
    context: finished,
    reference: values.reference,
    candidate: values.candidate,
    ...result,
  });
  process.stdout.write(`wrote ${file}\n`);
}

function reportParity(reference: string, candidate: string, r: ParityResult): string {
  const speed = formatTable(
    ['model', 'ms/clip p50', 'ms/clip min', 'clips/s'],
    [
      [
        reference,
        fixed(r.referenceMs.medianMs),
        fixed(r.referenceMs.minMs),
        fixed(1000 / r.referenceMs.medianMs, 3),
      ],
      [
        candidate,
        fixed(r.candidateMs.medianMs),
        fixed(r.candidateMs.minMs),
        fixed(1000 / r.candidateMs.medianMs, 3),
      ],
    ],
  );
  return [
    `${r.windows} windows: candidate against reference`,
    `  cosine similarity of logits:        min ${fixed(r.cosine.min, 5)}  mean ${fixed(r.cosine.mean, 5)}`,
    `  same, each model's mean removed:    min ${fixed(r.centeredCosine.min, 5)}  mean ${fixed(r.centeredCosine.mean, 5)}`,
    `  top-1 agreement: ${percent(r.top1Agreement)}   top-5 overlap: ${percent(r.top5Overlap)}`,
    `  max |logit difference|: ${r.maxAbsDiff.toExponential(2)}`,
    describeRankMargins(r.margins),
    speed,
    `candidate speed-up (p50): ${fixed(r.referenceMs.medianMs / r.candidateMs.medianMs, 2)}×`,
  ].join('\n');
}

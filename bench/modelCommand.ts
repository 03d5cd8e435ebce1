import { parseArgs } from 'node:util';
import type { ExecutionProvider } from '../src/config/index.js';
import { nonNegativeInteger, oneOf, positiveInteger, positiveNumber } from './args.js';
import { MVIT_B_GFLOP_PER_CLIP } from './gemmPeak.js';
import { benchModelOnly, type ModelOnlyResult } from './modelOnly.js';
import { variantsNamed, variantsOnModels } from './modelVariants.js';
import { formatProfiles, profileModels } from './opProfile.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatSpread, formatTable, percent } from './stats.js';

export const PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'webgpu', 'cuda', 'tensorrt'];

export const MODEL_USAGE = `npm run bench -- model [--model FILE | --models A,B,...] [--labels FILE] [--provider P]
    [--batch N] [--runs N] [--warmup N] [--threads N] [--variants A,B,...] [--gemm-size N]
    [--gemm-runs N] [--clip-gflop X] [--profile-runs N] [--out DIR]

  Model-only speed: bare onnxruntime-node session.run against the daemon's InferenceEngine on
  the same model, and onnxruntime's float32 GEMM (an N×N MatMul built in memory) beside them,
  round by round in alternating order (A B, B A, ...). Prints each variant's ratio to the first
  and the share of the GEMM limit it reaches (--clip-gflop: MViT-B's 141.2 GFLOP a clip).
  --variants picks session variants to compare (bare, engine, worker: the engine's thread
  without the engine; bare-spin-off, bare-opt-extended, bare-saved-optimized, bare-affinity,
  ...; an unknown name lists them). --models compares model files (graphs of the same network:
  each variant on each, named after the file; the first file's first variant is the yardstick);
  --profile-runs N then also prints each model's kernel time by op type (onnxruntime's profile,
  N runs after one untimed). Defaults: models/mvit_v1_b.onnx (the random-weight MViT-B
  the export script makes; test/fixtures/tiny_mvit.onnx for a quick run), cpu, batch 1,
  variants bare,engine, 10 rounds after 2 warm-up rounds, GEMM 2048, 3 runs a round
  (--gemm-size 0 skips it).`;

export async function modelCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      models: { type: 'string' },
      labels: { type: 'string', default: 'labels.txt' },
      provider: { type: 'string', default: 'cpu' },
      batch: { type: 'string', default: '1' },
      runs: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '0' },
      variants: { type: 'string', default: 'bare,engine' },
      'gemm-size': { type: 'string', default: '2048' },
      'gemm-runs': { type: 'string', default: '3' },
      'clip-gflop': { type: 'string', default: String(MVIT_B_GFLOP_PER_CLIP) },
      'profile-runs': { type: 'string', default: '0' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const modelPaths =
    values.models === undefined ? [values.model] : values.models.split(',').map((m) => m.trim());
  const profileRuns = nonNegativeInteger('profile-runs', values['profile-runs']);
  const context = contextStart();
  const result = await benchModelOnly({
    modelPath: modelPaths.join(','),
    labelsPath: values.labels,
    provider: oneOf('provider', values.provider, PROVIDERS),
    batch: positiveInteger('batch', values.batch),
    runs: positiveInteger('runs', values.runs),
    warmup: nonNegativeInteger('warmup', values.warmup),
    threads: nonNegativeInteger('threads', values.threads),
    variants: variantsOnModels(variantsNamed(values.variants), modelPaths),
    gemmSize: nonNegativeInteger('gemm-size', values['gemm-size']),
    gemmRuns: positiveInteger('gemm-runs', values['gemm-runs']),
    clipGflop: positiveNumber('clip-gflop', values['clip-gflop']),
  });
  process.stdout.write(`${reportModelOnly(result)}\n`);
  const profiles =
    profileRuns > 0 ? await profileModels(modelPaths, profileRuns, values.threads) : [];
  if (profiles.length > 0) process.stdout.write(`${formatProfiles(profiles)}\n`);
  const finished = context.finish();
  process.stdout.write(`${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'model', { context: finished, ...result, profiles });
  process.stdout.write(`wrote ${file}\n`);
}

export function reportModelOnly(result: ModelOnlyResult): string {
  const first = result.variants[0]?.name ?? '';
  const label = (name: string) =>
    name === 'bare' ? 'bare onnxruntime' : name === 'engine' ? 'InferenceEngine' : name;
  const table = formatTable(
    [
      'path',
      'ms/clip p50',
      'ms/clip p95',
      'ms/clip min',
      'clips/s',
      `/ ${first}, rounds p50 (range)`,
      'fastest / fastest',
      'of GEMM limit p50 (range)',
    ],
    result.variants.map((v) => [
      label(v.name),
      fixed(v.ms.medianMs),
      fixed(v.ms.p95Ms),
      fixed(v.ms.minMs),
      fixed(1000 / v.ms.medianMs, 2),
      formatSpread(v.overFirst),
      fixed(v.fastestOverFirst, 3),
      v.fractionOfGemm === null
        ? '-'
        : `${percent(v.fractionOfGemm.median)} (${percent(v.fractionOfGemm.min)}–${percent(v.fractionOfGemm.max)})`,
    ]),
  );
  const { gemm } = result;
  const lines = [
    `model: ${result.model}  provider: ${result.provider}  batch: ${result.batch}  rounds: ${result.variants[0]?.ms.runs}`,
    table,
  ];
  if (result.engineOverBare !== undefined) {
    lines.push(`engine / bare (median of rounds): ${fixed(result.engineOverBare, 3)}`);
  }
  if (gemm !== null) {
    const limitMs = (g: number) => fixed((result.clipGflop / g) * 1000, 0);
    lines.push(
      `GEMM ${gemm.n}x${gemm.n} float32: ${formatSpread(gemm.gflopPerS, 0)} GFLOP/s; at ${result.clipGflop} GFLOP a clip the GEMM limit is ${limitMs(gemm.gflopPerS.median)} ms/clip (${limitMs(gemm.gflopPerS.max)}–${limitMs(gemm.gflopPerS.min)})`,
    );
  }
  return lines.join('\n');
}

import { parseArgs } from 'node:util';
import type { ExecutionProvider } from '../src/config/index.js';
import { nonNegativeInteger, oneOf, positiveInteger } from './args.js';
import { benchModelOnly, type ModelOnlyResult } from './modelOnly.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable } from './stats.js';

export const PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'webgpu', 'cuda', 'tensorrt'];

export const MODEL_USAGE = `npm run bench -- model [--model FILE] [--labels FILE] [--provider P] [--batch N] [--runs N]
    [--warmup N] [--threads N] [--out DIR]

  Model-only speed: bare onnxruntime-node session.run against the daemon's InferenceEngine on
  the same model, interleaved in one run. Defaults: models/mvit_v1_b.onnx (the random-weight
  MViT-B the export script makes; test/fixtures/tiny_mvit.onnx for a quick run), cpu, batch 1,
  10 runs after 2 warm-up runs.`;

export async function modelCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      labels: { type: 'string', default: 'labels.txt' },
      provider: { type: 'string', default: 'cpu' },
      batch: { type: 'string', default: '1' },
      runs: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '0' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const context = contextStart();
  const result = await benchModelOnly({
    modelPath: values.model,
    labelsPath: values.labels,
    provider: oneOf('provider', values.provider, PROVIDERS),
    batch: positiveInteger('batch', values.batch),
    runs: positiveInteger('runs', values.runs),
    warmup: nonNegativeInteger('warmup', values.warmup),
    threads: nonNegativeInteger('threads', values.threads),
  });
  const finished = context.finish();
  process.stdout.write(`${reportModelOnly(result)}\n${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'model', { context: finished, ...result });
  process.stdout.write(`wrote ${file}\n`);
}

function reportModelOnly(result: ModelOnlyResult): string {
  const row = (name: string, s: ModelOnlyResult['bare']) => [
    name,
    fixed(s.medianMs),
    fixed(s.p95Ms),
    fixed(1000 / s.medianMs, 2),
  ];
  return [
    `model: ${result.model}  provider: ${result.provider}  batch: ${result.batch}  runs: ${result.bare.runs}`,
    formatTable(
      ['path', 'ms/clip p50', 'ms/clip p95', 'clips/s'],
      [row('bare onnxruntime', result.bare), row('InferenceEngine', result.engine)],
    ),
    `engine / bare (p50): ${fixed(result.engineOverBare, 3)}`,
  ].join('\n');
}

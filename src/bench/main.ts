import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchModelOnly, type ModelOnlyResult } from './modelOnly.js';
import { formatTable } from './stats.js';

const USAGE = `Usage: npm run bench -- [--model FILE] [--labels FILE] [--batch N] [--runs N] [--warmup N] [--threads N] [--out DIR]

Model-only speed: bare onnxruntime-node session.run against the daemon's InferenceEngine on
the same model, interleaved in one run. Defaults: models/mvit_v1_b.onnx (the random-weight
MViT-B the export script makes; use test/fixtures/tiny_mvit.onnx for a quick run), batch 1,
10 runs after 2 warm-up runs. Writes bench-results/model-<time>.json.`;

function fixed(ms: number): string {
  return ms.toFixed(1);
}

function report(result: ModelOnlyResult): string {
  const row = (name: string, s: ModelOnlyResult['bare']) => [
    name,
    fixed(s.medianMs),
    fixed(s.p95Ms),
    (1000 / s.medianMs).toFixed(2),
  ];
  return [
    `model: ${result.model}  batch: ${result.batch}  runs: ${result.bare.runs}`,
    formatTable(
      ['path', 'ms/clip p50', 'ms/clip p95', 'clips/s'],
      [row('bare onnxruntime', result.bare), row('InferenceEngine', result.engine)],
    ),
    `engine / bare (p50): ${result.engineOverBare.toFixed(3)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      labels: { type: 'string', default: 'labels.txt' },
      batch: { type: 'string', default: '1' },
      runs: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '0' },
      out: { type: 'string', default: 'bench-results' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const result = await benchModelOnly({
    modelPath: values.model,
    labelsPath: values.labels,
    batch: Number(values.batch),
    runs: Number(values.runs),
    warmup: Number(values.warmup),
    threads: Number(values.threads),
  });
  process.stdout.write(`${report(result)}\n`);
  mkdirSync(values.out, { recursive: true });
  const file = path.join(values.out, `model-${new Date().toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});

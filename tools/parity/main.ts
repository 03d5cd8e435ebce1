#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '../../src/log/index.js';
import { InferenceEngine } from '../../src/model/index.js';
import { fixedFramesReport, samplingReport, windowsReport } from './fullReport.js';
import { loadWindows } from './goldens.js';
import { measurePreprocessing } from './preprocessTiming.js';
import { formatScalerTable, scalerTable } from './scalerTable.js';
import { summarizeWindows } from './windowSummary.js';

const USAGE = `Usage:
  node build/tools/parity/main.js compare --reference DIR [--model M] [--tiny M] [--clips DIR] [--ffmpeg PATH]
      the Node side of models/parity/harness.py full: prints (a)-(d) and the scaler table,
      writes DIR/report.json
  node build/tools/parity/main.js fixed --reference DIR --model M[,M2,...]
      the Node side of models/parity/harness.py fixed: (a) for each model
  node build/tools/parity/main.js preprocess --uint8 M --float32 M [--runs N] [--threads N]
      engine.run with normalization in the graph (uint8) against in JavaScript (float32)`;

const OPTIONS = {
  reference: { type: 'string' },
  model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
  tiny: { type: 'string', default: 'test/fixtures/tiny_mvit.onnx' },
  clips: { type: 'string', default: '../shared/clips' },
  ffmpeg: { type: 'string', default: 'ffmpeg' },
  labels: { type: 'string', default: 'labels.txt' },
  uint8: { type: 'string' },
  float32: { type: 'string' },
  runs: { type: 'string', default: '7' },
  threads: { type: 'string', default: '0' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const logger = createLogger('warn', { write: (line: string) => process.stderr.write(line) });
  if (positionals[0] === 'compare' && values.reference) return compare(values, logger);
  if (positionals[0] === 'fixed' && values.reference) return fixedOnly(values, logger);
  if (positionals[0] === 'preprocess' && values.uint8 && values.float32) {
    return preprocess(values, logger);
  }
  process.stderr.write(`${USAGE}\n`);
  return 64;
}

/** The daemon's engine on the CPU, one clip a run: what every comparison here runs. */
function loadOnCpu(modelPath: string, values: Values, logger: Logger): Promise<InferenceEngine> {
  return InferenceEngine.load({
    modelPath,
    labelsPath: values.labels,
    providers: ['cpu'],
    threads: Number(values.threads),
    maxBatch: 1,
    logger,
  });
}

async function compare(values: Values, logger: Logger): Promise<number> {
  const dir = path.resolve(values.reference as string);
  const report: Record<string, unknown> = {};
  const engine = await loadOnCpu(values.model, values, logger);
  const tiny = await loadOnCpu(values.tiny, values, logger);
  const common = { ffmpegPath: values.ffmpeg, clipsDir: path.resolve(values.clips), logger };
  try {
    report.a = await fixedFramesReport(engine, path.join(dir, 'fixed_frames.json'));
    print('(a) fixed frames, ONNX vs torch', report.a);
    report.b = await samplingReport(
      path.join(dir, 'sampling.json'),
      values.ffmpeg,
      common.clipsDir,
    );
    print('(b) sampling at 7.5 fps vs torchvision VideoClips', report.b);
    for (const chain of ['rgb-first', 'one-pass'] as const) {
      const rows = await scalerTable(dir, values.ffmpeg, common.clipsDir, chain);
      report[`c_${chain}`] = rows;
      process.stdout.write(
        `\n(c) mean |ffmpeg − torchvision| per pixel, ${chain} (aliased / antialiased reference)\n`,
      );
      process.stdout.write(`${formatScalerTable(rows)}\n`);
    }
    for (const [name, file, model] of [
      ['MViT-B', 'windows.json', engine],
      ['tiny, aliased reference', 'windows_tiny_plain.json', tiny],
      ['tiny, antialiased reference', 'windows_tiny_aa.json', tiny],
    ] as const) {
      const reference = loadWindows(path.join(dir, file));
      const rows = await windowsReport({ engine: model, reference, ...common });
      report[`d_${file}`] = summarizeWindows(rows, reference);
      print(`(d) windows, ${name}`, report[`d_${file}`]);
    }
  } finally {
    await engine.close();
    await tiny.close();
  }
  writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  return 0;
}

/** (a) alone for several graphs of the same weights, against one torch reference. */
async function fixedOnly(values: Values, logger: Logger): Promise<number> {
  const file = path.join(path.resolve(values.reference as string), 'fixed_frames.json');
  for (const modelPath of values.model.split(',')) {
    const engine = await loadOnCpu(modelPath, values, logger);
    try {
      print(`(a) fixed frames, ONNX vs torch: ${modelPath}`, await fixedFramesReport(engine, file));
    } finally {
      await engine.close();
    }
  }
  return 0;
}

async function preprocess(values: Values, logger: Logger): Promise<number> {
  const timing = await measurePreprocessing({
    uint8Model: values.uint8 as string,
    float32Model: values.float32 as string,
    labelsPath: values.labels,
    threads: Number(values.threads),
    runs: Number(values.runs),
    logger,
  });
  print('engine.run per window, normalization in the graph vs in JavaScript', {
    ...timing,
    savedMs: timing.float32RunMs - timing.uint8RunMs,
  });
  return 0;
}

function print(title: string, value: unknown): void {
  process.stdout.write(`\n${title}\n${JSON.stringify(value, null, 1)}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`parity: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);

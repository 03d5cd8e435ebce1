import { parseArgs } from 'node:util';
import type { ExecutionProvider } from '../src/config/index.js';
import { nonNegativeInteger, oneOf, positiveInteger, positiveIntegerList } from './args.js';
import { BareSession } from './bareSession.js';
import { PROVIDERS } from './modelCommand.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable, summarize, type TimingSummary } from './stats.js';

export const BATCH_USAGE = `npm run bench -- batch [--model FILE] [--provider P] [--sizes 1,2,4] [--rounds N]
    [--threads N] [--out DIR]

  Clips/s against batch size on one bare onnxruntime session (the model's batch axis is
  dynamic), sizes interleaved within each round. Batching pays where clips/s grows with the
  batch; on a CPU that is already busy with one clip it mostly does not.`;

export interface BatchRow {
  batch: number;
  /** ms per clip (run time / batch). */
  perClip: TimingSummary;
  clipsPerS: number;
  /** clips/s over clips/s at the smallest size. */
  speedup: number;
}

export async function batchCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      provider: { type: 'string', default: 'cpu' },
      sizes: { type: 'string', default: '1,2,4' },
      rounds: { type: 'string', default: '3' },
      threads: { type: 'string', default: '0' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const provider = oneOf('provider', values.provider, PROVIDERS);
  const context = contextStart();
  const rows = await benchBatch({
    modelPath: values.model,
    provider,
    sizes: positiveIntegerList('sizes', values.sizes),
    rounds: positiveInteger('rounds', values.rounds),
    threads: nonNegativeInteger('threads', values.threads),
  });
  const finished = context.finish();
  const table = formatTable(
    ['batch', 'ms/clip p50', 'ms/clip min', 'clips/s', 'vs smallest'],
    rows.map((r) => [
      String(r.batch),
      fixed(r.perClip.medianMs),
      fixed(r.perClip.minMs),
      fixed(r.clipsPerS, 3),
      fixed(r.speedup, 3),
    ]),
  );
  process.stdout.write(
    `model: ${values.model}  provider: ${provider}\n${table}\n${describeLoad(finished)}\n`,
  );
  const file = writeResult(values.out, 'batch', {
    context: finished,
    model: values.model,
    provider,
    rows,
  });
  process.stdout.write(`wrote ${file}\n`);
}

export async function benchBatch(opts: {
  modelPath: string;
  provider: ExecutionProvider;
  sizes: number[];
  rounds: number;
  threads: number;
}): Promise<BatchRow[]> {
  const session = await BareSession.open(opts);
  const perClip = new Map<number, number[]>(opts.sizes.map((size) => [size, []]));
  try {
    // One unmeasured run per size: the first run of a shape allocates and plans.
    for (const size of opts.sizes) await session.timeRun(size);
    for (let round = 0; round < opts.rounds; round++) {
      for (const size of opts.sizes) {
        perClip.get(size)?.push((await session.timeRun(size)) / size);
      }
    }
  } finally {
    await session.release();
  }
  const summaries = opts.sizes.map((size) => ({ size, s: summarize(perClip.get(size) ?? []) }));
  const base = 1000 / (summaries[0]?.s.medianMs ?? Number.NaN);
  return summaries.map(({ size, s }) => ({
    batch: size,
    perClip: s,
    clipsPerS: 1000 / s.medianMs,
    speedup: 1000 / s.medianMs / base,
  }));
}

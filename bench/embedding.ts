import { parseArgs } from 'node:util';
import { backboneOf, HeadScorer, type TaughtHead } from '../src/model/heads/index.js';
import type { ModelCard } from '../src/model/index.js';
import { nonNegativeInteger, positiveInteger } from './args.js';
import { BareSession } from './bareSession.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable, summarize, type TimingSummary } from './stats.js';

export const EMBEDDING_USAGE = `npm run bench -- embedding [--model FILE] [--runs N] [--warmup N] [--threads N]
    [--head-classes N] [--out DIR]

  What a taught head costs per window: bare onnxruntime session.run fetching the logits only
  against fetching the logits and the clip embedding, interleaved in one run on the same
  session, and a head's scoring of one embedding (--head-classes labels, default 4). Defaults:
  models/mvit_v1_b.onnx, 10 runs after 2 warm-up runs, one thread per physical core.`;

/** Head scorings timed together: one is far below the timer's resolution. */
const SCORINGS = 10_000;

export async function embeddingCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      runs: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '0' },
      'head-classes': { type: 'string', default: '4' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const context = contextStart();
  const bare = await BareSession.open({
    modelPath: values.model,
    provider: 'cpu',
    threads: nonNegativeInteger('threads', values.threads),
  });
  const { card } = bare;
  if (card.embedding === null) {
    await bare.release();
    throw new Error(
      `${values.model} has no embedding output (re-export it with models/export_mvit.py)`,
    );
  }
  const logitsOnly: number[] = [];
  const both: number[] = [];
  // Each iteration's pair ran back to back: their ratio cancels most of a busy machine's drift.
  const pairRatios: number[] = [];
  const runs = positiveInteger('runs', values.runs);
  const warmup = nonNegativeInteger('warmup', values.warmup);
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const order = i % 2 === 0 ? ['logits', 'both'] : ['both', 'logits'];
    for (const which of order) {
      const ms =
        which === 'logits'
          ? await bare.timeRun(1, [card.output.name])
          : await bare.timeRun(1, [card.output.name, card.embedding.name]);
      if (i >= warmup) (which === 'logits' ? logitsOnly : both).push(ms);
    }
    if (i >= warmup) pairRatios.push((both.at(-1) as number) / (logitsOnly.at(-1) as number));
  }
  await bare.release();
  const result = {
    model: values.model,
    logitsOnly: summarize(logitsOnly),
    logitsAndEmbedding: summarize(both),
    bothOverLogits: summarize(both).medianMs / summarize(logitsOnly).medianMs,
    pairRatio: summarize(pairRatios),
    headScoringUs: headScoringUs(card, positiveInteger('head-classes', values['head-classes'])),
  };
  const finished = context.finish();
  process.stdout.write(`${report(result)}\n${describeLoad(finished)}\n`);
  process.stdout.write(
    `wrote ${writeResult(values.out, 'embedding', { context: finished, ...result })}\n`,
  );
}

/** Median µs of one head scoring one embedding, over 5 rounds of SCORINGS. */
function headScoringUs(card: ModelCard, classes: number): number {
  const backbone = backboneOf(card);
  if (backbone === null) return Number.NaN;
  const size = backbone.embeddingSize;
  const head: TaughtHead = {
    name: 'bench',
    labels: Array.from({ length: classes }, (_, i) => `class ${i}`),
    background: 'class 0',
    backbone,
    mean: new Float64Array(size),
    std: new Float64Array(size).fill(1),
    weights: Float64Array.from({ length: classes * size }, (_, i) => Math.sin(i)),
    bias: new Float64Array(classes),
    thresholds: {},
    precisionTarget: 0.9,
    training: {},
  };
  const scorer = new HeadScorer(head);
  const embedding = Float32Array.from({ length: size }, (_, i) => Math.cos(i));
  const out = new Float32Array(classes);
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < SCORINGS; i++) scorer.logits(embedding, 0, out);
    rounds.push(((performance.now() - started) * 1000) / SCORINGS);
  }
  return summarize(rounds).medianMs;
}

function report(result: {
  model: string;
  logitsOnly: TimingSummary;
  logitsAndEmbedding: TimingSummary;
  bothOverLogits: number;
  pairRatio: TimingSummary;
  headScoringUs: number;
}): string {
  const row = (name: string, s: TimingSummary) => [
    name,
    fixed(s.medianMs),
    fixed(s.minMs),
    fixed(s.maxMs),
  ];
  return [
    `model: ${result.model}  provider: cpu  batch: 1  runs: ${result.logitsOnly.runs}`,
    formatTable(
      ['fetched outputs', 'ms p50', 'ms min', 'ms max'],
      [row('logits', result.logitsOnly), row('logits + embedding', result.logitsAndEmbedding)],
    ),
    `logits + embedding / logits (p50): ${fixed(result.bothOverLogits, 3)}; per back-to-back pair: median ${fixed(result.pairRatio.medianMs, 3)}, range ${fixed(result.pairRatio.minMs, 3)}-${fixed(result.pairRatio.maxMs, 3)}`,
    `head scoring one embedding: ${fixed(result.headScoringUs, 2)} µs`,
  ].join('\n');
}

import type { ExecutionProvider } from '../src/config/index.js';
import { fractionOfGemmLimit, GemmProbe } from './gemmPeak.js';
import type { ModelVariant, VariantRunner } from './modelVariants.js';
import { openVariant } from './modelVariants.js';
import {
  alternatingOrder,
  median,
  type Spread,
  spreadOf,
  summarize,
  type TimingSummary,
} from './stats.js';

export interface ModelOnlyOptions {
  modelPath: string;
  labelsPath: string;
  provider: ExecutionProvider;
  batch: number;
  /** Rounds: each variant runs once per round, in alternating order. */
  runs: number;
  warmup: number;
  threads: number;
  /** The first is the yardstick the others are divided by. */
  variants: readonly ModelVariant[];
  /** Side of the square GEMM probe; 0 skips it. */
  gemmSize: number;
  /** GEMM runs per round (their median is the round's GEMM rate). */
  gemmRuns: number;
  /** Floating-point operations of one clip, GFLOP (the fraction of the GEMM limit). */
  clipGflop: number;
}

export interface VariantResult {
  name: string;
  /** ms per clip over the measured rounds. */
  ms: TimingSummary;
  /** ms/clip over the yardstick's ms/clip, round by round: median and range. */
  overFirst: Spread;
  /**
   * Fastest run over the yardstick's fastest: the runs least disturbed by other processes,
   * steadier than the medians on a machine that others share.
   */
  fastestOverFirst: number;
  /** The GEMM limit's ms/clip over this variant's, round by round; null without the probe. */
  fractionOfGemm: Spread | null;
}

export interface ModelOnlyResult {
  model: string;
  /** The provider the engine ended up on (it falls back to cpu). */
  provider: ExecutionProvider;
  batch: number;
  variants: VariantResult[];
  /** GEMM GFLOP/s per round (median of the round's runs); null when skipped. */
  gemm: { n: number; gflopPerS: Spread; rounds: number[] } | null;
  clipGflop: number;
  /** The first two variants' summaries under their old names when they are bare and engine. */
  bare?: TimingSummary;
  engine?: TimingSummary;
  /** engine / bare: median of per-round ratios. */
  engineOverBare?: number;
}

/**
 * Model-only speed: the variants (bare onnxruntime, the daemon's engine, session options)
 * and onnxruntime's GEMM on the same machine, round by round in alternating order so that a
 * busy machine slows all alike. Inputs are fixed pseudo-random bytes (the model's speed does
 * not depend on pixel values).
 */
export async function benchModelOnly(opts: ModelOnlyOptions): Promise<ModelOnlyResult> {
  if (opts.variants.length === 0) throw new RangeError('no variants to run');
  const runners: VariantRunner[] = [];
  let provider = opts.provider;
  let gemm: GemmProbe | null = null;
  try {
    for (const variant of opts.variants) {
      const opened = await openVariant(variant, { ...opts, provider });
      runners.push(opened.runner);
      // Every later variant runs on whatever provider the first could start.
      if (runners.length === 1) provider = opened.provider;
    }
    if (opts.gemmSize > 0) gemm = await GemmProbe.open(opts.gemmSize, opts.threads);
    const ms = opts.variants.map(() => [] as number[]);
    const gemmRounds: number[] = [];
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      const measured = round >= opts.warmup;
      const indices = alternatingOrder(
        runners.map((_, i) => i),
        round,
      );
      if (gemm !== null && round % 2 === 0) gemmRounds.push(await timeGemm(gemm, opts.gemmRuns));
      for (const i of indices) {
        const runMs = await (runners[i] as VariantRunner).timeRun(opts.batch);
        if (measured) (ms[i] as number[]).push(runMs / opts.batch);
      }
      if (gemm !== null && round % 2 === 1) gemmRounds.push(await timeGemm(gemm, opts.gemmRuns));
      if (!measured) gemmRounds.length = 0;
    }
    return summarizeModelOnly(opts, provider, ms, gemmRounds);
  } finally {
    for (const runner of runners) await runner.release();
    await gemm?.release();
  }
}

async function timeGemm(gemm: GemmProbe, runs: number): Promise<number> {
  await gemm.timeRun(); // after the model's runs, the probe's weights are out of the caches
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) rates.push(await gemm.timeRun());
  return median(rates);
}

/** Per-variant summaries, ratios to the first and fractions of the GEMM limit, round by round. */
export function summarizeModelOnly(
  opts: Pick<ModelOnlyOptions, 'modelPath' | 'batch' | 'variants' | 'gemmSize' | 'clipGflop'>,
  provider: ExecutionProvider,
  ms: readonly (readonly number[])[],
  gemmRounds: readonly number[],
): ModelOnlyResult {
  const first = ms[0] as readonly number[];
  const variants = opts.variants.map((variant, i): VariantResult => {
    const own = ms[i] as readonly number[];
    return {
      name: variant.name,
      ms: summarize(own),
      overFirst: spreadOf(own.map((v, r) => v / (first[r] as number))),
      fastestOverFirst: Math.min(...own) / Math.min(...first),
      fractionOfGemm:
        gemmRounds.length === own.length
          ? spreadOf(
              own.map((v, r) => fractionOfGemmLimit(opts.clipGflop, gemmRounds[r] as number, v)),
            )
          : null,
    };
  });
  const result: ModelOnlyResult = {
    model: opts.modelPath,
    provider,
    batch: opts.batch,
    variants,
    gemm:
      gemmRounds.length === 0
        ? null
        : { n: opts.gemmSize, gflopPerS: spreadOf(gemmRounds), rounds: [...gemmRounds] },
    clipGflop: opts.clipGflop,
  };
  const [a, b] = variants;
  if (a?.name === 'bare' && b?.name === 'engine') {
    result.bare = a.ms;
    result.engine = b.ms;
    result.engineOverBare = b.overFirst.median;
  }
  return result;
}

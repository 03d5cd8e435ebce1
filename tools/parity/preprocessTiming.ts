import { performance } from 'node:perf_hooks';
import type { Logger } from '../../src/log/index.js';
// Not the model folder's public surface: this measures the per-pixel work the engine does
// inside run() for float32 models, which nothing outside needs to call on its own.
import { ClipInput } from '../../src/model/clipInput.js';
import { InferenceEngine, type ModelCard } from '../../src/model/index.js';
import { fixedFrames } from './fixedFrames.js';
import { inGraphPreprocessMs } from './graphProfile.js';

export interface PreprocessTimingOptions {
  uint8Model: string;
  float32Model: string;
  labelsPath: string;
  threads: number;
  runs: number;
  logger: Logger;
}

export interface PreprocessTiming {
  /** Median engine.run ms: uint8 input normalized in the graph, float32 normalized in JS. */
  uint8RunMs: number;
  float32RunMs: number;
  /** Fastest runs: on a shared machine the least disturbed ones. */
  uint8MinMs: number;
  float32MinMs: number;
  /** Median ms of the JavaScript normalize + NTHWC→NCTHW transpose alone (float32 model). */
  jsPreprocessMs: number;
  /** The uint8 graph's own cast, normalize and transpose nodes (onnxruntime's profile). */
  inGraphPreprocessMs: number;
  inGraphNodes: Record<string, number>;
  runs: number;
}

/**
 * Item 2 of the parity issue: what moving normalization and the layout transpose into the
 * ONNX graph saves per window. Runs alternate between the two models so that load on the
 * machine affects both alike; medians after one warm-up run each.
 */
export async function measurePreprocessing(
  opts: PreprocessTimingOptions,
): Promise<PreprocessTiming> {
  const load = (modelPath: string) =>
    InferenceEngine.load({
      modelPath,
      labelsPath: opts.labelsPath,
      providers: ['cpu'],
      threads: opts.threads,
      maxBatch: 1,
      logger: opts.logger,
    });
  const uint8 = await load(opts.uint8Model);
  const float32 = await load(opts.float32Model);
  try {
    const frames = fixedFrames(1, uint8.card.clipLength, uint8.card.cropSize);
    uint8.clipSlot(0).set(frames);
    float32.clipSlot(0).set(frames);
    const timesU8: number[] = [];
    const timesF32: number[] = [];
    for (let run = -1; run < opts.runs; run++) {
      const u8 = await timed(() => uint8.run(1));
      const f32 = await timed(() => float32.run(1));
      if (run >= 0) timesU8.push(u8);
      if (run >= 0) timesF32.push(f32);
    }
    return {
      uint8RunMs: median(timesU8),
      float32RunMs: median(timesF32),
      uint8MinMs: Math.min(...timesU8),
      float32MinMs: Math.min(...timesF32),
      jsPreprocessMs: jsPreprocessMs(float32, frames, opts.runs),
      ...(await inGraphTimes(opts, uint8.card)),
      runs: opts.runs,
    };
  } finally {
    await uint8.close();
    await float32.close();
  }
}

async function inGraphTimes(opts: PreprocessTimingOptions, card: ModelCard) {
  const clip = { frames: card.clipLength, size: card.cropSize };
  const profile = await inGraphPreprocessMs(opts.uint8Model, clip, opts.threads, opts.runs);
  return { inGraphPreprocessMs: profile.totalMs, inGraphNodes: profile.nodes };
}

function jsPreprocessMs(engine: InferenceEngine, frames: Uint8Array, runs: number): number {
  const staging = new Uint8Array(engine.clipBytes);
  staging.set(frames);
  const input = new ClipInput(engine.card, staging, engine.clipBytes);
  const times: number[] = [];
  for (let run = -1; run < runs; run++) {
    const started = performance.now();
    input.tensorFor(1);
    if (run >= 0) times.push(performance.now() - started);
  }
  return median(times);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

import { InferenceSession, Tensor } from 'onnxruntime-node';
import { silentLogger } from '../log/index.js';
import { InferenceEngine } from '../model/index.js';
import { summarize, type TimingSummary } from './stats.js';

export interface ModelOnlyOptions {
  modelPath: string;
  labelsPath: string;
  batch: number;
  runs: number;
  warmup: number;
  threads: number;
}

export interface ModelOnlyResult {
  model: string;
  batch: number;
  /** Bare onnxruntime-node: one session, one input tensor, session.run in a loop. */
  bare: TimingSummary;
  /** The daemon's InferenceEngine on the same model: staging slots, card checks, logits. */
  engine: TimingSummary;
  /** engine median / bare median: the engine's own overhead. */
  engineOverBare: number;
}

/**
 * Model-only speed: bare onnxruntime against the daemon's engine on the same model, runs
 * interleaved so that a busy machine slows both alike. Inputs are fixed pseudo-random bytes
 * (the model's speed does not depend on pixel values).
 */
export async function benchModelOnly(opts: ModelOnlyOptions): Promise<ModelOnlyResult> {
  const engine = await InferenceEngine.load({
    modelPath: opts.modelPath,
    labelsPath: opts.labelsPath,
    providers: ['cpu'],
    threads: opts.threads,
    maxBatch: opts.batch,
    logger: silentLogger(),
  });
  const { card } = engine;
  if (card.input.dtype !== 'uint8' || card.input.layout !== 'NTHWC') {
    throw new Error(
      `${opts.modelPath}: the model-only bench feeds uint8 NTHWC frames, the card says ${card.input.dtype} ${card.input.layout}`,
    );
  }
  const session = await InferenceSession.create(opts.modelPath, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    ...(opts.threads > 0 ? { intraOpNumThreads: opts.threads } : {}),
  });
  const bytes = new Uint8Array(opts.batch * engine.clipBytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  for (let i = 0; i < opts.batch; i++)
    engine.clipSlot(i).set(bytes.subarray(i * engine.clipBytes, (i + 1) * engine.clipBytes));
  const tensor = new Tensor('uint8', bytes, [
    opts.batch,
    card.clipLength,
    card.cropSize,
    card.cropSize,
    3,
  ]);

  const bareMs: number[] = [];
  const engineMs: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const t0 = performance.now();
    await session.run({ [card.input.name]: tensor });
    const t1 = performance.now();
    await engine.run(opts.batch);
    const t2 = performance.now();
    if (i >= opts.warmup) {
      bareMs.push((t1 - t0) / opts.batch);
      engineMs.push((t2 - t1) / opts.batch);
    }
  }
  await session.release();
  await engine.close();
  const bare = summarize(bareMs);
  const engineSummary = summarize(engineMs);
  return {
    model: opts.modelPath,
    batch: opts.batch,
    bare,
    engine: engineSummary,
    engineOverBare: engineSummary.medianMs / bare.medianMs,
  };
}

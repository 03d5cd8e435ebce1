import type { ExecutionProvider } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { InferenceEngine } from '../src/model/index.js';
import { BareSession } from './bareSession.js';
import { summarize, type TimingSummary } from './stats.js';

export interface ModelOnlyOptions {
  modelPath: string;
  labelsPath: string;
  provider: ExecutionProvider;
  batch: number;
  runs: number;
  warmup: number;
  threads: number;
}

export interface ModelOnlyResult {
  model: string;
  /** The provider the engine ended up on (it falls back to cpu). */
  provider: ExecutionProvider;
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
    providers: [opts.provider],
    threads: opts.threads,
    maxBatch: opts.batch,
    logger: silentLogger(),
  });
  // The bare session gets whatever provider the engine could start, so both run alike.
  const bare = await BareSession.open({
    modelPath: opts.modelPath,
    provider: engine.provider,
    threads: opts.threads,
  });
  for (let i = 0; i < opts.batch; i++) {
    const slot = engine.clipSlot(i);
    for (let b = 0; b < slot.length; b++) slot[b] = ((b + i) * 2654435761) >>> 24;
  }
  const bareMs: number[] = [];
  const engineMs: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const bareRunMs = await bare.timeRun(opts.batch);
    const t0 = performance.now();
    await engine.run(opts.batch);
    const engineRunMs = performance.now() - t0;
    if (i >= opts.warmup) {
      bareMs.push(bareRunMs / opts.batch);
      engineMs.push(engineRunMs / opts.batch);
    }
  }
  await bare.release();
  await engine.close();
  const bareSummary = summarize(bareMs);
  const engineSummary = summarize(engineMs);
  return {
    model: opts.modelPath,
    provider: engine.provider,
    batch: opts.batch,
    bare: bareSummary,
    engine: engineSummary,
    engineOverBare: engineSummary.medianMs / bareSummary.medianMs,
  };
}

import type { ExecutionProvider } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { InferenceEngine } from '../src/model/index.js';
import { decodeClipFrames } from './clipFrames.js';
import { type RankMargins, rankMargins } from './rankMargins.js';
import { cosineSimilarity, meanVector, subtract, topIndices } from './similarity.js';
import { summarize, type TimingSummary } from './stats.js';

export interface ParityOptions {
  referencePath: string;
  candidatePath: string;
  labelsPath: string;
  clips: string[];
  /** Sampled frames between window starts. */
  stride: number;
  ffmpeg: string;
  threads: number;
  /** Where each model runs (cpu unless asked): webgpu against cpu is itself a parity check. */
  referenceProvider: ExecutionProvider;
  candidateProvider: ExecutionProvider;
}

export interface ParityResult {
  windows: number;
  /** Cosine similarity of the candidate's logits to the reference's, per window. */
  cosine: { min: number; mean: number };
  /**
   * The same after removing each model's mean logits over all windows: what moves with the
   * input. A random-weight model's logits are mostly a constant offset that a plain cosine
   * would happily call equal.
   */
  centeredCosine: { min: number; mean: number };
  top1Agreement: number;
  /** Mean share of the reference's top-5 labels found in the candidate's top-5. */
  top5Overlap: number;
  /** Largest |logit difference| over every window and class. */
  maxAbsDiff: number;
  /** Whether the rank changes happen where the reference's classes are nearly tied. */
  margins: RankMargins;
  referenceMs: TimingSummary;
  candidateMs: TimingSummary;
}

async function load(
  modelPath: string,
  provider: ExecutionProvider,
  opts: ParityOptions,
): Promise<InferenceEngine> {
  const engine = await InferenceEngine.load({
    modelPath,
    labelsPath: opts.labelsPath,
    // Alone: a comparison of webgpu against cpu must not quietly compare cpu with cpu.
    providers: [provider],
    threads: opts.threads,
    maxBatch: 1,
    logger: silentLogger(),
  });
  if (engine.provider !== provider) {
    await engine.close();
    throw new Error(`${modelPath}: asked for '${provider}', got '${engine.provider}'`);
  }
  return engine;
}

/**
 * Runs a reference and a candidate model (say fp32 and int8) on the same windows of real clips,
 * decoded by the daemon's own ffmpeg argv, and compares their logits window by window. The
 * two runs of each window alternate, so their timings are side by side too.
 */
export async function compareModels(opts: ParityOptions): Promise<ParityResult> {
  const reference = await load(opts.referencePath, opts.referenceProvider, opts);
  const candidate = await load(opts.candidatePath, opts.candidateProvider, opts);
  const logits: { ref: Float32Array[]; cand: Float32Array[] } = { ref: [], cand: [] };
  const ms: { ref: number[]; cand: number[] } = { ref: [], cand: [] };
  try {
    checkSameInput(reference, candidate);
    const { clipLength } = reference.card;
    for (const clip of opts.clips) {
      const { frames, bytes } = await decodeClipFrames(opts.ffmpeg, clip, reference.card);
      for (let start = 0; start + clipLength <= frames; start += opts.stride) {
        const window = bytes.subarray(
          start * reference.frameBytes,
          (start + clipLength) * reference.frameBytes,
        );
        logits.ref.push(await timedRun(reference, window, ms.ref));
        logits.cand.push(await timedRun(candidate, window, ms.cand));
      }
    }
  } finally {
    await reference.close();
    await candidate.close();
  }
  return summarizeParity(logits.ref, logits.cand, ms);
}

async function timedRun(
  engine: InferenceEngine,
  window: Uint8Array,
  ms: number[],
): Promise<Float32Array> {
  engine.clipSlot(0).set(window);
  const started = performance.now();
  const out = await engine.run(1);
  ms.push(performance.now() - started);
  // The engine reuses its output between runs.
  return Float32Array.from(out);
}

function checkSameInput(a: InferenceEngine, b: InferenceEngine): void {
  const key = (e: InferenceEngine) => {
    const { clipLength, fps, cropSize, resizeShortSide } = e.card;
    return JSON.stringify({ clipLength, fps, cropSize, resizeShortSide, classes: e.labels.length });
  };
  if (key(a) !== key(b)) {
    throw new Error(`the two models want different input or output: ${key(a)} vs ${key(b)}`);
  }
}

export function summarizeParity(
  ref: Float32Array[],
  cand: Float32Array[],
  ms: { ref: number[]; cand: number[] },
): ParityResult {
  if (ref.length === 0 || ref.length !== cand.length) {
    throw new RangeError(
      `need the same positive number of windows, got ${ref.length} and ${cand.length}`,
    );
  }
  const cosines = ref.map((r, i) => cosineSimilarity(r, cand[i] as Float32Array));
  const refMean = meanVector(ref);
  const candMean = meanVector(cand);
  // One window has no input-dependent part to compare.
  const centered =
    ref.length > 1
      ? ref.map((r, i) =>
          cosineSimilarity(subtract(r, refMean), subtract(cand[i] as Float32Array, candMean)),
        )
      : [Number.NaN];
  let top1 = 0;
  let top5 = 0;
  let maxAbsDiff = 0;
  ref.forEach((r, i) => {
    const c = cand[i] as Float32Array;
    for (let k = 0; k < r.length; k++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs((r[k] ?? 0) - (c[k] ?? 0)));
    }
    const a = topIndices(r, 5);
    const b = topIndices(cand[i] as Float32Array, 5);
    if (a[0] === b[0]) top1 += 1;
    top5 += a.filter((label) => b.includes(label)).length / 5;
  });
  const stats = (values: number[]) => ({
    min: Math.min(...values),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
  });
  return {
    windows: ref.length,
    cosine: stats(cosines),
    centeredCosine: stats(centered),
    top1Agreement: top1 / ref.length,
    top5Overlap: top5 / ref.length,
    maxAbsDiff,
    margins: rankMargins(ref, cand),
    referenceMs: summarize(ms.ref),
    candidateMs: summarize(ms.cand),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type InferenceSession, Tensor } from 'onnxruntime-node';
import type { ExecutionProvider } from '../src/config/index.js';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import { silentLogger } from '../src/log/index.js';
import {
  defaultCardPath,
  engineSessionOptions,
  InferenceEngine,
  loadModelCard,
} from '../src/model/index.js';
import { WorkerSession } from '../src/model/workerSession.js';
import { BareSession } from './bareSession.js';
import { decodeClipFrames } from './clipFrames.js';

/**
 * One way of running the model that the model bench times beside the others: bare
 * onnxruntime on the main thread, the same session in the engine's worker thread without the
 * engine, the daemon's InferenceEngine; each with optional session options over the engine's.
 */
export interface ModelVariant {
  name: string;
  kind: 'bare' | 'worker' | 'engine';
  options?: InferenceSession.SessionOptions;
  /**
   * Load the model once with these options and onnxruntime's optimizedModelFilePath, then
   * time the saved optimized graph loaded with optimizations off (what `options` then add).
   */
  savedOptimized?: boolean;
  /** Another model file than the bench's --model (`--models`: several graphs side by side). */
  modelPath?: string;
  /**
   * What the bare session runs on instead of pseudo-random bytes: a window of a real clip
   * (the daemon's frames), or a flat mid-gray clip. Does the speed depend on the picture?
   */
  input?: 'clip' | 'gray';
}

/** The clip whose window `input: 'clip'` runs, from ../shared/clips, and the window's first frame. */
const INPUT_CLIP = 'arm_wrestling.mp4';
const INPUT_CLIP_FIRST_FRAME = 32;

export interface VariantRunner {
  /** Wall ms of one run of `batch` clips. */
  timeRun(batch: number): Promise<number>;
  release(): Promise<void>;
}

/** onnxruntime's own default, which the engine turns off (sessionDefaults.ts). */
/** The engine's own setting, repeated where a variant sets other `extra` keys. */
const spinningOff = { session: { intra_op: { allow_spinning: '0' } } };
const spinningOn = { extra: { session: { intra_op: { allow_spinning: '1' } } } };

/** Variants by name: `--variants bare,engine,...`. The first given is the yardstick. */
export const MODEL_VARIANTS: readonly ModelVariant[] = [
  { name: 'bare', kind: 'bare' },
  { name: 'engine', kind: 'engine' },
  { name: 'worker', kind: 'worker' },
  { name: 'engine-spin-on', kind: 'engine', options: spinningOn },
  { name: 'bare-spin-on', kind: 'bare', options: spinningOn },
  { name: 'bare-opt-extended', kind: 'bare', options: { graphOptimizationLevel: 'extended' } },
  { name: 'bare-opt-basic', kind: 'bare', options: { graphOptimizationLevel: 'basic' } },
  { name: 'bare-saved-optimized', kind: 'bare', savedOptimized: true },
  {
    name: 'bare-parallel',
    kind: 'bare',
    options: { executionMode: 'parallel', interOpNumThreads: 2 },
  },
  { name: 'bare-arena-off', kind: 'bare', options: { enableCpuMemArena: false } },
  {
    name: 'bare-affinity',
    // The pool's one extra thread pinned to the second core (the caller keeps its own).
    kind: 'bare',
    options: { extra: { session: { ...spinningOff.session, intra_op_thread_affinities: '2' } } },
  },
  {
    name: 'bare-denormal-zero',
    kind: 'bare',
    options: { extra: { session: { ...spinningOff.session, set_denormal_as_zero: '1' } } },
  },
  { name: 'bare-3-threads', kind: 'bare', options: { intraOpNumThreads: 3 } },
  { name: 'bare-clip-input', kind: 'bare', input: 'clip' },
  { name: 'bare-gray-input', kind: 'bare', input: 'gray' },
];

export function variantsNamed(names: string): ModelVariant[] {
  return names.split(',').map((raw) => {
    const name = raw.trim();
    const variant = MODEL_VARIANTS.find((v) => v.name === name);
    if (variant === undefined) {
      const known = MODEL_VARIANTS.map((v) => v.name).join(', ');
      throw new RangeError(`--variants: no variant '${name}' (known: ${known})`);
    }
    return variant;
  });
}

/**
 * Each variant on each model (`--models a.onnx,b.onnx`), named after the model file and, when
 * there are several variants, the variant (`b`, or `b:engine`). One model: the variants as they are.
 */
export function variantsOnModels(
  variants: readonly ModelVariant[],
  modelPaths: readonly string[],
): ModelVariant[] {
  if (modelPaths.length <= 1) return [...variants];
  const label = (file: string) => path.basename(file).replace(/\.onnx$/, '');
  const labels = modelPaths.map(label);
  if (new Set(labels).size !== labels.length) {
    throw new RangeError(`--models: two models have the same file name (${labels.join(', ')})`);
  }
  return modelPaths.flatMap((modelPath, i) =>
    variants.map((v) => ({
      ...v,
      modelPath,
      name: variants.length === 1 ? (labels[i] as string) : `${labels[i]}:${v.name}`,
    })),
  );
}

export interface OpenVariantOptions {
  modelPath: string;
  labelsPath: string;
  provider: ExecutionProvider;
  threads: number;
  batch: number;
}

/** Opens a variant's session; the engine's provider may fall back to cpu (returned). */
export async function openVariant(
  variant: ModelVariant,
  shared: OpenVariantOptions,
): Promise<{ runner: VariantRunner; provider: ExecutionProvider }> {
  const options = variant.options ?? {};
  const opts = { ...shared, modelPath: variant.modelPath ?? shared.modelPath };
  if (variant.kind === 'engine') return openEngine(opts, options);
  let modelPath = opts.modelPath;
  let extraOptions = options;
  let cleanup = () => {};
  if (variant.savedOptimized) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-optimized-'));
    modelPath = path.join(dir, 'optimized.onnx');
    const saving = await BareSession.open({
      modelPath: opts.modelPath,
      provider: opts.provider,
      threads: opts.threads,
      extraOptions: { ...options, optimizedModelFilePath: modelPath },
    });
    await saving.release();
    extraOptions = { ...options, graphOptimizationLevel: 'disabled' };
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  const cardPath = defaultCardPath(opts.modelPath);
  if (variant.kind === 'worker') {
    const runner = await openWorker({ ...opts, modelPath, cardPath }, extraOptions);
    return { runner: withCleanup(runner, cleanup), provider: opts.provider };
  }
  const bare = await BareSession.open({
    modelPath,
    cardPath,
    provider: opts.provider,
    threads: opts.threads,
    extraOptions,
    ...(variant.input ? { clipBytes: await inputBytes(variant.input, cardPath) } : {}),
  });
  return { runner: withCleanup(bare, cleanup), provider: opts.provider };
}

/** One clip's input for `input` variants, as the daemon's ffmpeg argv cuts it for the card. */
export async function inputBytes(input: 'clip' | 'gray', cardPath: string): Promise<Uint8Array> {
  const card = loadModelCard(cardPath);
  const frameBytes = card.cropSize * card.cropSize * 3;
  const clipBytes = card.clipLength * frameBytes;
  if (input === 'gray') return new Uint8Array(clipBytes).fill(128);
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clip = path.resolve('../shared/clips', INPUT_CLIP);
  const { frames, bytes } = await decodeClipFrames(ffmpeg, clip, card);
  if (frames < card.clipLength) {
    throw new RangeError(`${clip}: ${frames} frames, a window needs ${card.clipLength}`);
  }
  const first = Math.min(INPUT_CLIP_FIRST_FRAME, frames - card.clipLength);
  return bytes.slice(first * frameBytes, first * frameBytes + clipBytes);
}

function withCleanup(runner: VariantRunner, cleanup: () => void): VariantRunner {
  return {
    timeRun: (batch) => runner.timeRun(batch),
    release: async () => {
      await runner.release();
      cleanup();
    },
  };
}

async function openEngine(
  opts: OpenVariantOptions,
  sessionOptions: InferenceSession.SessionOptions,
): Promise<{ runner: VariantRunner; provider: ExecutionProvider }> {
  const engine = await InferenceEngine.load({
    modelPath: opts.modelPath,
    labelsPath: opts.labelsPath,
    providers: [opts.provider],
    threads: opts.threads,
    maxBatch: opts.batch,
    logger: silentLogger(),
    sessionOptions,
  });
  for (let i = 0; i < opts.batch; i++) {
    const slot = engine.clipSlot(i);
    for (let b = 0; b < slot.length; b++) slot[b] = ((b + i) * 2654435761) >>> 24;
  }
  return {
    provider: engine.provider,
    runner: {
      timeRun: async (batch) => {
        const started = performance.now();
        await engine.run(batch);
        return performance.now() - started;
      },
      release: () => engine.close(),
    },
  };
}

/** The engine's worker thread and its input copy, without the engine's own code. */
async function openWorker(
  opts: OpenVariantOptions & { cardPath: string },
  extraOptions: InferenceSession.SessionOptions,
): Promise<VariantRunner> {
  const card = loadModelCard(opts.cardPath);
  const session = await WorkerSession.create(opts.modelPath, {
    ...engineSessionOptions(opts.threads),
    ...extraOptions,
    executionProviders: [opts.provider],
  });
  const { clipLength: t, cropSize: s } = card;
  const inputs = new Map<number, Tensor>();
  const inputFor = (batch: number): Tensor => {
    let tensor = inputs.get(batch);
    if (tensor === undefined) {
      const dims = card.input.layout === 'NTHWC' ? [batch, t, s, s, 3] : [batch, 3, t, s, s];
      const size = dims.reduce((a, b) => a * b, 1);
      tensor =
        card.input.dtype === 'uint8'
          ? new Tensor(
              'uint8',
              Uint8Array.from({ length: size }, (_, i) => (i * 2654435761) >>> 24),
              dims,
            )
          : new Tensor(
              'float32',
              Float32Array.from({ length: size }, (_, i) => ((i % 255) - 128) / 64),
              dims,
            );
      inputs.set(batch, tensor);
    }
    return tensor;
  };
  return {
    timeRun: async (batch) => {
      const feeds = { [card.input.name]: inputFor(batch) };
      const started = performance.now();
      await session.run(feeds);
      return performance.now() - started;
    },
    release: () => session.release(),
  };
}

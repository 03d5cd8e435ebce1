import { existsSync } from 'node:fs';
import { type InferenceSession, listSupportedBackends } from 'onnxruntime-node';
import type { ExecutionProvider, ModelConfig } from '../config/types.js';
import type { Logger } from '../log/index.js';
import { ClipInput } from './clipInput.js';
import { tryFirstRun } from './firstRun.js';
import { labelsFileSha256, loadLabels } from './labels.js';
import { defaultCardPath, isRandomWeights, loadModelCard, type ModelCard } from './modelCard.js';
import { describeFirstRunFailure, describeProviderFailure, planProviders } from './providers.js';
import { type SessionDescription, sessionMismatches, type ValueInfo } from './sessionContract.js';
import { engineSessionOptions } from './sessionDefaults.js';
import { type WorkerOutput, WorkerSession } from './workerSession.js';

export interface InferenceEngineOptions {
  modelPath: string;
  /** Defaults to `<modelPath without .onnx>.card.json`. */
  cardPath?: string;
  labelsPath: string;
  /** Tried in order; cpu is always the last fallback. */
  providers: ExecutionProvider[];
  /** onnxruntime intra-op threads; 0 = one per physical core (see cpuThreads.ts). */
  threads: number;
  /** Most clips run together in one session.run. */
  maxBatch: number;
  logger: Logger;
  /** More onnxruntime session options, over the engine's own (the benches try variants). */
  sessionOptions?: InferenceSession.SessionOptions;
}

/** The engine options that a configuration's `model` section gives. */
export function engineOptionsFromConfig(
  model: ModelConfig,
  logger: Logger,
): InferenceEngineOptions {
  return {
    modelPath: model.path,
    cardPath: model.card,
    labelsPath: model.labels,
    providers: model.providers,
    threads: model.threads,
    maxBatch: model.maxBatch,
    logger,
  };
}

const RGB = 3;

/** One run's results, row by row per clip. */
export interface ClipOutputs {
  logits: Float32Array;
  /** null when the model has no embedding output. */
  embeddings: Float32Array | null;
}

/**
 * One onnxruntime session for the action model. Callers stage clips as uint8 RGB NTHWC
 * bytes with clipSlot(i) and run them as one batch; the engine feeds them in whatever
 * layout and dtype the model's card declares.
 */
export class InferenceEngine {
  /** Bytes of one cropped RGB frame. */
  readonly frameBytes: number;
  /** Bytes of one staged clip (clipLength frames). */
  readonly clipBytes: number;
  private readonly staging: Uint8Array;
  /** Views made once: the scheduler asks for a slot per window, many times a second. */
  private readonly slots: Uint8Array[];
  private readonly input: ClipInput;
  private running = false;
  private closed = false;

  private constructor(
    readonly card: ModelCard,
    readonly labels: readonly string[],
    readonly provider: ExecutionProvider,
    readonly maxBatch: number,
    private readonly session: WorkerSession,
    private readonly modelPath: string,
  ) {
    this.frameBytes = card.cropSize * card.cropSize * RGB;
    this.clipBytes = card.clipLength * this.frameBytes;
    this.staging = new Uint8Array(maxBatch * this.clipBytes);
    this.slots = Array.from({ length: maxBatch }, (_, i) =>
      this.staging.subarray(i * this.clipBytes, (i + 1) * this.clipBytes),
    );
    this.input = new ClipInput(card, this.staging, this.clipBytes);
  }

  static async load(opts: InferenceEngineOptions): Promise<InferenceEngine> {
    const log = opts.logger.child({ module: 'model' });
    if (!Number.isInteger(opts.maxBatch) || opts.maxBatch < 1) {
      throw new RangeError(`model.maxBatch must be a positive integer, got ${opts.maxBatch}`);
    }
    if (!existsSync(opts.modelPath)) {
      throw new Error(
        `${opts.modelPath}: model file not found (see models/README.md to export one)`,
      );
    }
    const cardPath = opts.cardPath || defaultCardPath(opts.modelPath);
    const card = loadModelCard(cardPath);
    const labels = loadLabels(opts.labelsPath);
    checkLabels(card, cardPath, labels, opts.labelsPath, log);

    const { session, provider } = await openSession(opts, card, log);
    const problems = sessionMismatches(describe(session), card, labels.length, opts.maxBatch);
    if (problems.length > 0) {
      await session.release();
      throw new Error(`${opts.modelPath}: ${problems.join('; ')} (card: ${cardPath})`);
    }

    logLoaded(log, card, provider, opts);
    return new InferenceEngine(card, labels, provider, opts.maxBatch, session, opts.modelPath);
  }

  /** Staging bytes for clip `i` of the next run: clipLength frames, uint8 RGB, NTHWC. */
  clipSlot(i: number): Uint8Array {
    const slot = this.slots[i];
    if (slot === undefined || !Number.isInteger(i)) {
      throw new RangeError(`clip slot must be an integer in 0..${this.maxBatch - 1}, got ${i}`);
    }
    return slot;
  }

  /**
   * Runs the first `clips` staged clips as one batch. Returns their logits, row by row
   * (clips × classes). The staging slots must not change until this resolves.
   */
  async run(clips: number): Promise<Float32Array> {
    return (await this.runWithEmbeddings(clips)).logits;
  }

  /** Width of one clip embedding; null when the model gives logits only. */
  get embeddingSize(): number | null {
    return this.card.embedding?.size ?? null;
  }

  /**
   * As run(), with the clips' embeddings row by row (clips × embeddingSize), or null for a
   * model without that output. The graph computes the embedding for its logits anyway, so
   * asking for it costs only the copy of a few hundred floats.
   */
  async runWithEmbeddings(clips: number): Promise<ClipOutputs> {
    if (this.closed) throw new Error(`${this.modelPath}: engine is closed`);
    if (this.running) throw new Error(`${this.modelPath}: run() called while a run is in progress`);
    if (!Number.isInteger(clips) || clips < 1 || clips > this.maxBatch) {
      throw new RangeError(`clips must be an integer in 1..${this.maxBatch}, got ${clips}`);
    }
    this.running = true;
    try {
      const feeds = { [this.card.input.name]: this.input.tensorFor(clips) };
      const results = await this.session.run(feeds);
      return {
        logits: this.logitsFrom(results, clips),
        embeddings: this.embeddingsFrom(results, clips),
      };
    } finally {
      this.running = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }

  private logitsFrom(results: Record<string, WorkerOutput>, clips: number): Float32Array {
    const output = results[this.card.output.name];
    const data = output?.data;
    const expected = clips * this.labels.length;
    if (!(data instanceof Float32Array) || data.length !== expected) {
      const got = data instanceof Float32Array ? `${data.length} values` : typeof data;
      throw new Error(
        `${this.modelPath}: output '${this.card.output.name}' gave ${got}, expected ${expected} float32 values`,
      );
    }
    return data;
  }

  private embeddingsFrom(
    results: Record<string, WorkerOutput>,
    clips: number,
  ): Float32Array | null {
    const { embedding } = this.card;
    if (embedding === null) return null;
    const data = results[embedding.name]?.data;
    if (!(data instanceof Float32Array) || data.length !== clips * embedding.size) {
      throw new Error(
        `${this.modelPath}: output '${embedding.name}' is not ${clips}x${embedding.size} float32 values`,
      );
    }
    return data;
  }
}

function logLoaded(
  log: Logger,
  card: ModelCard,
  provider: ExecutionProvider,
  opts: InferenceEngineOptions,
): void {
  const { name, weights, clipLength, cropSize, fps } = card;
  const { modelPath: model, maxBatch } = opts;
  const quantization = card.quantization?.method ?? 'none';
  const graphRewrites = card.graphRewrites;
  log.info(
    {
      model,
      name,
      weights,
      provider,
      clipLength,
      cropSize,
      fps,
      maxBatch,
      graphRewrites,
      quantization,
    },
    'model loaded',
  );
  if (card.quantization !== null) {
    // What was quantized and on which clips it was calibrated, as the card records it.
    log.info({ model, ...card.quantization.details }, 'model is quantized');
  }
  if (isRandomWeights(card)) {
    log.warn({ model }, 'model has RANDOM WEIGHTS: its outputs are not recognitions');
  }
}

function checkLabels(
  card: ModelCard,
  cardPath: string,
  labels: readonly string[],
  labelsPath: string,
  log: Logger,
): void {
  if (labels.length !== card.output.classes) {
    throw new Error(
      `${labelsPath}: ${labels.length} labels but the model card ${cardPath} says ${card.output.classes} classes`,
    );
  }
  const sha256 = labelsFileSha256(labelsPath);
  if (card.labelsSha256 !== null && sha256 !== card.labelsSha256) {
    // Same count, different file: maybe reordered or renamed classes, maybe only a typo fix.
    log.warn(
      { labels: labelsPath, sha256, cardSha256: card.labelsSha256, card: cardPath },
      'labels file differs from the one the model was exported with; check the class order',
    );
  }
}

async function openSession(
  opts: InferenceEngineOptions,
  card: ModelCard,
  log: Logger,
): Promise<{ session: WorkerSession; provider: ExecutionProvider }> {
  const plan = planProviders(opts.providers, listSupportedBackends());
  for (const { provider, reason } of plan.skipped) {
    log.warn({ provider }, `execution provider '${provider}' skipped: ${reason}`);
  }
  for (const [index, provider] of plan.order.entries()) {
    const next = plan.order[index + 1];
    let session: WorkerSession;
    try {
      // Its own thread: onnxruntime-node's run() would block the event loop for the whole run.
      session = await WorkerSession.create(opts.modelPath, sessionOptions(provider, opts));
    } catch (err) {
      if (next === undefined) {
        throw new Error(`${opts.modelPath}: cannot load model: ${(err as Error).message}`);
      }
      log.warn({ provider, next, err }, describeProviderFailure(provider, err, next));
      continue;
    }
    // The last provider (cpu) runs what it loads; only one with a fallback needs a trial run.
    if (next === undefined) return { session, provider };
    try {
      await tryFirstRun(session, card);
      return { session, provider };
    } catch (err) {
      await session.release();
      log.warn({ provider, next, err }, describeFirstRunFailure(provider, err, next, card.target));
    }
  }
  // planProviders always ends with cpu, which either returns or throws above.
  throw new Error(`${opts.modelPath}: no execution provider to try`);
}

function sessionOptions(
  provider: ExecutionProvider,
  opts: InferenceEngineOptions,
): InferenceSession.SessionOptions {
  return {
    ...engineSessionOptions(opts.threads),
    ...opts.sessionOptions,
    // Last: the provider is the one being tried, whatever the extra options say.
    executionProviders: [provider],
  };
}

function describe(session: WorkerSession): SessionDescription {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    // Optional chaining: onnxruntime-node builds before 1.21 expose no metadata.
    inputMetadata: session.inputMetadata?.map(toValueInfo),
    outputMetadata: session.outputMetadata?.map(toValueInfo),
  };
}

function toValueInfo(value: InferenceSession.ValueMetadata): ValueInfo {
  return value.isTensor
    ? { name: value.name, isTensor: true, type: value.type, shape: value.shape }
    : { name: value.name, isTensor: false };
}

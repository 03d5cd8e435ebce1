import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { ExecutionProvider } from '../src/config/index.js';
import {
  defaultCardPath,
  engineSessionOptions,
  loadModelCard,
  type ModelCard,
} from '../src/model/index.js';

export interface BareSessionOptions {
  modelPath: string;
  cardPath?: string;
  provider: ExecutionProvider;
  /**
   * onnxruntime intra-op threads; 0 = one per physical core, as the engine sets it;
   * 'onnxruntime' leaves the count to onnxruntime itself.
   */
  threads: number | 'onnxruntime';
  /** Anything else to pass to InferenceSession.create (session option experiments). */
  extraOptions?: InferenceSession.SessionOptions;
  /**
   * One clip's input bytes (uint8, the card's layout) to run instead of the pseudo-random
   * ones, repeated for every clip of a batch: does the model's speed depend on the picture?
   */
  clipBytes?: Uint8Array;
}

const CHANNELS = 3;

/**
 * Bare onnxruntime-node: one session and fixed input tensors, nothing of the daemon around
 * it. The yardstick every other number is divided by. Inputs are fixed pseudo-random values
 * (the model's speed does not depend on them), in the layout and dtype the card declares.
 */
export class BareSession {
  private readonly inputs = new Map<number, Tensor>();

  private constructor(
    readonly card: ModelCard,
    private readonly session: InferenceSession,
    private readonly clipBytes: Uint8Array | undefined,
  ) {}

  static async open(opts: BareSessionOptions): Promise<BareSession> {
    const card = loadModelCard(opts.cardPath || defaultCardPath(opts.modelPath));
    if (opts.clipBytes !== undefined && card.input.dtype !== 'uint8') {
      throw new RangeError(
        `${opts.modelPath}: a clip's bytes need a uint8 input, the card says ${card.input.dtype}`,
      );
    }
    const session = await InferenceSession.create(opts.modelPath, {
      executionProviders: [opts.provider],
      ...baseOptions(opts.threads),
      ...opts.extraOptions,
    });
    return new BareSession(card, session, opts.clipBytes);
  }

  /** Wall ms of one session.run on `batch` clips; `fetches` names the outputs (default all). */
  async timeRun(batch: number, fetches?: readonly string[]): Promise<number> {
    const feeds = { [this.card.input.name]: this.input(batch) };
    const started = performance.now();
    if (fetches === undefined) await this.session.run(feeds);
    else await this.session.run(feeds, [...fetches]);
    return performance.now() - started;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private input(batch: number): Tensor {
    let tensor = this.inputs.get(batch);
    if (tensor === undefined) {
      tensor = makeInput(this.card, batch, this.clipBytes);
      this.inputs.set(batch, tensor);
    }
    return tensor;
  }
}

/** The engine's own options, or with the thread count left to onnxruntime. */
function baseOptions(threads: number | 'onnxruntime'): InferenceSession.SessionOptions {
  if (threads !== 'onnxruntime') return engineSessionOptions(threads);
  const { intraOpNumThreads: _leftToOnnxruntime, ...rest } = engineSessionOptions(0);
  return rest;
}

function makeInput(card: ModelCard, batch: number, clipBytes?: Uint8Array): Tensor {
  const { clipLength: t, cropSize: s, input } = card;
  const dims = input.layout === 'NTHWC' ? [batch, t, s, s, CHANNELS] : [batch, CHANNELS, t, s, s];
  const size = dims.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(size);
  if (clipBytes !== undefined) {
    if (clipBytes.length * batch !== size) {
      throw new RangeError(`a clip's input is ${size / batch} bytes, got ${clipBytes.length}`);
    }
    for (let i = 0; i < batch; i++) bytes.set(clipBytes, i * clipBytes.length);
    return new Tensor('uint8', bytes, dims);
  }
  for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
  if (input.dtype === 'uint8') return new Tensor('uint8', bytes, dims);
  // Roughly what normalized pixels look like: centred, about unit spread.
  return new Tensor(
    'float32',
    Float32Array.from(bytes, (b) => (b - 128) / 64),
    dims,
  );
}

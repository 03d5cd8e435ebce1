import { InferenceSession, Tensor } from 'onnxruntime-node';
import { engineSessionOptions } from '../src/model/index.js';
import { gemmFlops, gemmModel } from './gemmModel.js';

/** MViT-B 16x4 on one 16x224x224 clip: 70.6 GMAC, two floating-point operations each. */
export const MVIT_B_GFLOP_PER_CLIP = 141.2;

/**
 * onnxruntime's float32 matrix multiplication on an n×n by n×n product with the engine's own
 * session options: what the processor reaches on the operation that dominates MViT-B, measured
 * in the same run as the model so that both see the same machine load.
 */
export class GemmProbe {
  private constructor(
    readonly n: number,
    private readonly session: InferenceSession,
    private readonly input: Tensor,
  ) {}

  static async open(
    n: number,
    threads: number,
    extraOptions: InferenceSession.SessionOptions = {},
  ): Promise<GemmProbe> {
    const session = await InferenceSession.create(gemmModel(n), {
      executionProviders: ['cpu'],
      ...engineSessionOptions(threads),
      ...extraOptions,
    });
    const x = new Float32Array(n * n);
    for (let i = 0; i < x.length; i++) x[i] = ((i % 251) - 125) / 125;
    return new GemmProbe(n, session, new Tensor('float32', x, [n, n]));
  }

  /** GFLOP/s of one run. */
  async timeRun(): Promise<number> {
    const started = performance.now();
    await this.session.run({ X: this.input });
    const ms = performance.now() - started;
    return gemmFlops(this.n) / ms / 1e6;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * The share of the GEMM limit a model reaches: the time the clip's floating-point operations
 * would take at the measured GEMM rate, over the time the clip took.
 */
export function fractionOfGemmLimit(
  clipGflop: number,
  gemmGflopPerS: number,
  msPerClip: number,
): number {
  const limitMs = (clipGflop / gemmGflopPerS) * 1000;
  return limitMs / msPerClip;
}

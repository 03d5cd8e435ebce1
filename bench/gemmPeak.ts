import { InferenceSession, Tensor } from 'onnxruntime-node';
import { engineSessionOptions } from '../src/model/index.js';
import { type GemmPrecision, gemmFlops, gemmModel } from './gemmModel.js';
import { median } from './stats.js';

/** MViT-B 16x4 on one 16x224x224 clip: 70.6 GMAC, two floating-point operations each. */
export const MVIT_B_GFLOP_PER_CLIP = 141.2;

/**
 * onnxruntime's matrix multiplication on an n×n by n×n product with the engine's own session
 * options: what the processor reaches on the operation that dominates MViT-B (float32, or the
 * int8 product of a quantized model), measured in the same run as the model so that both see
 * the same machine load.
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
    precision: GemmPrecision = 'float32',
  ): Promise<GemmProbe> {
    const session = await InferenceSession.create(gemmModel(n, 1, precision), {
      executionProviders: ['cpu'],
      ...engineSessionOptions(threads),
      ...extraOptions,
    });
    const values = Array.from({ length: n * n }, (_, i) => (i % 251) - 125);
    const input =
      precision === 'float32'
        ? new Tensor(
            'float32',
            Float32Array.from(values, (v) => v / 125),
            [n, n],
          )
        : new Tensor(
            'uint8',
            Uint8Array.from(values, (v) => v + 128),
            [n, n],
          );
    return new GemmProbe(n, session, input);
  }

  /** Giga-operations (multiplies and adds) per second of one run. */
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

/** float32 and int8 GEMM rates measured side by side; their medians' ratio is int8's speed-up. */
export interface GemmComparison {
  n: number;
  float32GopPerS: number[];
  int8GopPerS: number[];
  int8Speedup: number;
}

/** `rounds` runs of each probe, alternating (after one untimed run each), on an n×n product. */
export async function compareGemmPrecisions(
  n: number,
  threads: number,
  rounds: number,
): Promise<GemmComparison> {
  const float32 = await GemmProbe.open(n, threads);
  const int8 = await GemmProbe.open(n, threads, {}, 'int8');
  const rates = { float32: [] as number[], int8: [] as number[] };
  try {
    await float32.timeRun();
    await int8.timeRun();
    for (let round = 0; round < rounds; round++) {
      const order =
        round % 2 === 0 ? (['float32', 'int8'] as const) : (['int8', 'float32'] as const);
      for (const precision of order) {
        const probe = precision === 'float32' ? float32 : int8;
        rates[precision].push(await probe.timeRun());
      }
    }
  } finally {
    await float32.release();
    await int8.release();
  }
  return {
    n,
    float32GopPerS: rates.float32,
    int8GopPerS: rates.int8,
    int8Speedup: median(rates.int8) / median(rates.float32),
  };
}

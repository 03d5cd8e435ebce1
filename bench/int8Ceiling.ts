import type { GemmComparison } from './gemmPeak.js';
import type { OpProfile } from './opProfile.js';
import { fixed, median, percent } from './stats.js';

/** onnxruntime's matrix-product kernels, float and quantized, after its fusions. */
export const GEMM_OP_TYPES = [
  'MatMul',
  'FusedMatMul',
  'Gemm',
  'MatMulInteger',
  'MatMulIntegerToFloat',
  'QLinearMatMul',
] as const;

/**
 * How far int8 can speed a model up when it makes only the matrix products faster (Amdahl's
 * law on the float32 model's own profile). Every other op (layout, elementwise, normalization,
 * softmax) runs in float32 in the quantized graph too, so its time stays.
 */
export interface Int8Ceiling {
  /** Kernel ms per run of the float32 model, all ops. */
  float32KernelMs: number;
  /** Of that, the matrix products'. */
  gemmKernelMs: number;
  /** int8 GEMM over float32 GEMM, operations per second, measured side by side. */
  int8GemmSpeedup: number;
  /** The whole model's speed-up if every matrix product became int8GemmSpeedup times faster. */
  ceiling: number;
  /** The same with matrix products that cost nothing: what no GEMM kernel can beat. */
  ceilingFreeGemm: number;
  /** How many times faster than float32 the products would have to be for 2× (null: never). */
  gemmSpeedupFor2x: number | null;
}

/** Kernel ms per run a profile spends in matrix products. */
export function gemmKernelMs(profile: OpProfile): number {
  return GEMM_OP_TYPES.reduce((sum, op) => sum + (profile.byOpType[op] ?? 0), 0);
}

/** The quantized graph's products (int8 and those left float) against float32's, kernel time. */
export function inModelGemmSpeedup(float32: OpProfile, int8: OpProfile): number {
  return gemmKernelMs(float32) / gemmKernelMs(int8);
}

/**
 * `int8GemmSpeedup`: how much faster int8 runs the products, either the GEMM probe's (one
 * large square product) or what the quantized graph's own products gained (inModelGemmSpeedup).
 */
export function int8Ceiling(float32: OpProfile, int8GemmSpeedup: number): Int8Ceiling {
  if (!(int8GemmSpeedup > 0)) {
    throw new RangeError(`the int8 GEMM speed-up must be positive, got ${int8GemmSpeedup}`);
  }
  const gemm = gemmKernelMs(float32);
  const total = float32.totalMs;
  const rest = total - gemm;
  // 2× needs rest + gemm / s ≤ total / 2.
  const budget = total / 2 - rest;
  return {
    float32KernelMs: total,
    gemmKernelMs: gemm,
    int8GemmSpeedup,
    ceiling: total / (rest + gemm / int8GemmSpeedup),
    ceilingFreeGemm: rest > 0 ? total / rest : Number.POSITIVE_INFINITY,
    gemmSpeedupFor2x: budget > 0 ? gemm / budget : null,
  };
}

/**
 * `probe`: the ceiling at the GEMM probe's speed-up; `inModel`: at the speed-up the quantized
 * graph's own products got (smaller, thinner matrices than the probe's; some left float).
 */
export function describeInt8Ceiling(
  probe: Int8Ceiling,
  inModel: Int8Ceiling | null,
  gemm: GemmComparison,
): string {
  const rate = (values: number[]) =>
    `${fixed(median(values), 0)} (${fixed(Math.min(...values), 0)}–${fixed(Math.max(...values), 0)})`;
  const lines = [
    `matrix products, ${gemm.n}³ side by side: float32 ${rate(gemm.float32GopPerS)} GFLOP/s, int8 ${rate(gemm.int8GopPerS)} GOP/s: int8 ${fixed(probe.int8GemmSpeedup, 2)}×`,
    `float32 model's kernel time ${fixed(probe.float32KernelMs)} ms a run, matrix products ${fixed(probe.gemmKernelMs)} ms (${percent(probe.gemmKernelMs / probe.float32KernelMs)}); the rest runs in float32 in the int8 graph too, so int8's speed-up is at most:`,
    `  ${fixed(probe.ceiling, 2)}× with every product ${fixed(probe.int8GemmSpeedup, 2)}× faster (the probe's gain), ${fixed(probe.ceilingFreeGemm, 2)}× with products that cost nothing;`,
  ];
  if (inModel !== null) {
    lines.push(
      `  ${fixed(inModel.ceiling, 2)}× with the products ${fixed(inModel.int8GemmSpeedup, 2)}× faster, what the int8 graph's own products gained;`,
    );
  }
  lines.push(
    probe.gemmSpeedupFor2x === null
      ? '  2× is out of reach without cutting the other ops.'
      : `  2× needs the products ${fixed(probe.gemmSpeedupFor2x, 1)}× faster than float32's, or less time in the other ops.`,
  );
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { describeInt8Ceiling, inModelGemmSpeedup, int8Ceiling } from '../../bench/int8Ceiling.js';

const profile = (byOpType: Record<string, number>) => ({
  runs: 1,
  totalMs: Object.values(byOpType).reduce((a, b) => a + b, 0),
  byOpType,
});

describe('int8Ceiling', () => {
  it('applies the GEMM speed-up to the matrix products only', () => {
    // 600 ms of products (MatMul + FusedMatMul), 400 ms of everything else.
    const c = int8Ceiling(profile({ MatMul: 500, FusedMatMul: 100, Transpose: 250, Add: 150 }), 3);
    expect(c.float32KernelMs).toBe(1000);
    expect(c.gemmKernelMs).toBe(600);
    expect(c.ceiling).toBeCloseTo(1000 / (400 + 200), 12);
    expect(c.ceilingFreeGemm).toBeCloseTo(2.5, 12);
    // 2× is 500 ms: the products get 100 ms, 6× faster than float32.
    expect(c.gemmSpeedupFor2x).toBeCloseTo(6, 12);
  });

  it('says when no GEMM speed reaches 2×', () => {
    const c = int8Ceiling(profile({ MatMul: 400, Transpose: 600 }), 4);
    expect(c.gemmSpeedupFor2x).toBeNull();
    expect(c.ceilingFreeGemm).toBeCloseTo(1000 / 600, 12);
  });

  it("measures the quantized graph's own products against float32's, and reports both ceilings", () => {
    const float32 = profile({ MatMul: 500, FusedMatMul: 100, Transpose: 400 });
    // int8: the linear layers fused to MatMulIntegerToFloat, attention × values left float.
    const int8 = profile({
      MatMulIntegerToFloat: 150,
      MatMul: 50,
      Transpose: 400,
      QuantizeLinear: 20,
    });
    expect(inModelGemmSpeedup(float32, int8)).toBeCloseTo(3, 12);
    const gemm = {
      n: 64,
      float32GopPerS: [100, 120, 110],
      int8GopPerS: [500, 550, 600],
      int8Speedup: 5,
    };
    const text = describeInt8Ceiling(int8Ceiling(float32, 5), int8Ceiling(float32, 3), gemm);
    expect(text).toContain('float32 110 (100–120) GFLOP/s, int8 550 (500–600) GOP/s: int8 5.00×');
    expect(text).toContain('1.92× with every product 5.00× faster');
    expect(text).toContain('1.67× with the products 3.00× faster');
    expect(text).toContain('2× needs the products 6.0× faster');
  });

  it('refuses a speed-up that is not positive', () => {
    expect(() => int8Ceiling(profile({ MatMul: 1 }), 0)).toThrow(/must be positive/);
  });
});

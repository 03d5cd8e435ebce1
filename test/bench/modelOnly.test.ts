import { describe, expect, it } from 'vitest';
import { reportModelOnly } from '../../bench/modelCommand.js';
import { summarizeModelOnly } from '../../bench/modelOnly.js';
import { MODEL_VARIANTS, variantsNamed } from '../../bench/modelVariants.js';

const opts = {
  modelPath: 'm.onnx',
  batch: 1,
  variants: variantsNamed('bare,engine'),
  gemmSize: 2048,
  clipGflop: 141,
};

describe('model bench summary', () => {
  it('divides each variant by the first round by round, and gives the share of the GEMM limit', () => {
    const result = summarizeModelOnly(
      opts,
      'cpu',
      [
        [500, 600, 550],
        [510, 600, 566.5],
      ],
      [470, 470, 282],
    );
    expect(result.variants.map((v) => v.name)).toEqual(['bare', 'engine']);
    expect(result.engineOverBare).toBeCloseTo(1.02, 10);
    expect(result.variants[1]?.overFirst.min).toBe(1);
    expect(result.variants[1]?.fastestOverFirst).toBeCloseTo(1.02, 10);
    expect(result.variants[1]?.overFirst.max).toBeCloseTo(1.03, 10);
    // 141 GFLOP at 470 GFLOP/s = 300 ms: 300/500 = 0.6, 300/600 = 0.5; at 282: 500/550.
    expect(result.variants[0]?.fractionOfGemm?.median).toBeCloseTo(0.6, 10);
    expect(result.variants[0]?.fractionOfGemm?.min).toBeCloseTo(0.5, 10);
    expect(result.gemm?.gflopPerS).toEqual({ median: 470, min: 282, max: 470 });
    const report = reportModelOnly(result);
    expect(report).toMatch(
      /bare onnxruntime +550\.0 +600\.0 +500\.0 +1\.82 +1\.000 \(1\.000–1\.000\) +1\.000 +60\.0 %/,
    );
    expect(report).toContain('engine / bare (median of rounds): 1.020');
    expect(report).toContain('GEMM 2048x2048 float32: 470 (282–470) GFLOP/s');
  });

  it('has no GEMM figures when the probe was skipped', () => {
    const result = summarizeModelOnly({ ...opts, gemmSize: 0 }, 'cpu', [[500], [505]], []);
    expect(result.gemm).toBeNull();
    expect(result.variants[0]?.fractionOfGemm).toBeNull();
  });

  it('knows its variants by name and lists them for a typo', () => {
    expect(MODEL_VARIANTS[0]?.name).toBe('bare');
    expect(() => variantsNamed('bare,enigne')).toThrow(
      /--variants: no variant 'enigne' \(known: bare, engine, worker/,
    );
  });
});

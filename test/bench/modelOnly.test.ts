import { describe, expect, it } from 'vitest';
import { reportModelOnly } from '../../bench/modelCommand.js';
import { summarizeModelOnly } from '../../bench/modelOnly.js';
import { MODEL_VARIANTS, variantsNamed, variantsOnModels } from '../../bench/modelVariants.js';
import { formatProfiles } from '../../bench/opProfile.js';

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

  it('runs each variant on each model, named after the file', () => {
    const one = variantsOnModels(variantsNamed('bare'), ['a/x.onnx', 'b/y.onnx']);
    expect(one.map((v) => [v.name, v.modelPath, v.kind])).toEqual([
      ['x', 'a/x.onnx', 'bare'],
      ['y', 'b/y.onnx', 'bare'],
    ]);
    const two = variantsOnModels(variantsNamed('bare,engine'), ['x.onnx', 'y.onnx']);
    expect(two.map((v) => v.name)).toEqual(['x:bare', 'x:engine', 'y:bare', 'y:engine']);
    expect(variantsOnModels(variantsNamed('bare'), ['x.onnx'])[0]?.modelPath).toBeUndefined();
    expect(() => variantsOnModels(variantsNamed('bare'), ['a/x.onnx', 'b/x.onnx'])).toThrow(
      /same file name/,
    );
  });

  it('lays op profiles side by side, largest first by the first model', () => {
    const table = formatProfiles([
      { model: 'm/a.onnx', profile: { runs: 1, totalMs: 10, byOpType: { MatMul: 6, Conv: 4 } } },
      { model: 'm/b.onnx', profile: { runs: 1, totalMs: 8, byOpType: { Conv: 2, MatMul: 6 } } },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/op type .* a\.onnx .* b\.onnx/);
    expect(table).toMatch(/MatMul +6\.0 \(60\.0 %\) +6\.0 \(75\.0 %\)/);
    expect(table.indexOf('MatMul')).toBeLessThan(table.indexOf('Conv'));
    expect(table).toMatch(/all +10\.0 +8\.0/);
  });
});

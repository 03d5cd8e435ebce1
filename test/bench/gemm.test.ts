import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { gemmFlops, gemmModel } from '../../bench/gemmModel.js';
import { fractionOfGemmLimit, GemmProbe } from '../../bench/gemmPeak.js';

/** Y for X = identity (which is W itself) and for X = k·identity (k·W). */
async function identityTimes(
  session: InferenceSession,
  type: 'float32' | 'uint8',
  n: number,
  k: number,
): Promise<[unknown, unknown]> {
  const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  const run = async (scale: number) => {
    const x = identity.map((v) => scale * v);
    const data = type === 'float32' ? Float32Array.from(x) : Uint8Array.from(x);
    return (await session.run({ X: new Tensor(type, data, [n, n]) })).Y?.data;
  };
  return [await run(1), await run(k)];
}

describe('the GEMM probe model', () => {
  it('is a MatMul onnxruntime loads and runs: X times the constant W', async () => {
    const n = 3;
    const session = await InferenceSession.create(gemmModel(n, 7));
    expect(session.inputNames).toEqual(['X']);
    expect(session.outputNames).toEqual(['Y']);
    const [w, w2] = await identityTimes(session, 'float32', n, 2);
    expect(w).toBeInstanceOf(Float32Array);
    expect(Array.from(w2 as Float32Array)).toEqual(Array.from(w as Float32Array, (v) => 2 * v));
    expect(new Set(w as Float32Array).size).toBe(n * n);
    await session.release();
  });

  it('as int8 is the MatMulInteger a quantized model runs: uint8 X times the constant int8 W', async () => {
    const n = 4;
    const session = await InferenceSession.create(gemmModel(n, 7, 'int8'));
    const [w, w3] = await identityTimes(session, 'uint8', n, 3);
    expect(w).toBeInstanceOf(Int32Array);
    expect(Array.from(w3 as Int32Array)).toEqual(Array.from(w as Int32Array, (v) => 3 * v));
    expect(Math.max(...Array.from(w as Int32Array, Math.abs))).toBeGreaterThan(0);
    await session.release();
    const probe = await GemmProbe.open(64, 1, {}, 'int8');
    expect(await probe.timeRun()).toBeGreaterThan(0);
    await probe.release();
  });

  it('counts a multiply and an add per term, and times a run in GFLOP/s', async () => {
    expect(gemmFlops(2048)).toBe(2 * 2048 ** 3);
    const probe = await GemmProbe.open(64, 1);
    expect(await probe.timeRun()).toBeGreaterThan(0);
    await probe.release();
  });

  it('gives the share of the GEMM limit a model reaches', () => {
    // 141 GFLOP at 470 GFLOP/s is 300 ms; a clip in 500 ms reaches 60 % of it.
    expect(fractionOfGemmLimit(141, 470, 500)).toBeCloseTo(0.6, 10);
  });
});

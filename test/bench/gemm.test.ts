import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { gemmFlops, gemmModel } from '../../bench/gemmModel.js';
import { fractionOfGemmLimit, GemmProbe } from '../../bench/gemmPeak.js';

describe('the GEMM probe model', () => {
  it('is a MatMul onnxruntime loads and runs: X times the constant W', async () => {
    const n = 3;
    const session = await InferenceSession.create(gemmModel(n, 7));
    expect(session.inputNames).toEqual(['X']);
    expect(session.outputNames).toEqual(['Y']);
    // X = identity gives W back; 2·identity gives 2W.
    const identity = Float32Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    const w = (await session.run({ X: new Tensor('float32', identity, [n, n]) })).Y?.data;
    const doubled = Float32Array.from(identity, (v) => 2 * v);
    const w2 = (await session.run({ X: new Tensor('float32', doubled, [n, n]) })).Y?.data;
    expect(w).toBeInstanceOf(Float32Array);
    expect(Array.from(w2 as Float32Array)).toEqual(Array.from(w as Float32Array, (v) => 2 * v));
    expect(new Set(w as Float32Array).size).toBe(n * n);
    await session.release();
  });

  it('as int8 is the MatMulInteger a quantized model runs: uint8 X times the constant int8 W', async () => {
    const n = 4;
    const session = await InferenceSession.create(gemmModel(n, 7, 'int8'));
    const identity = Uint8Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    const w = (await session.run({ X: new Tensor('uint8', identity, [n, n]) })).Y?.data;
    const tripled = Uint8Array.from(identity, (v) => 3 * v);
    const w3 = (await session.run({ X: new Tensor('uint8', tripled, [n, n]) })).Y?.data;
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

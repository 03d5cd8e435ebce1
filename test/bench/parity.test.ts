import { describe, expect, it } from 'vitest';
import { summarizeParity } from '../../bench/parity.js';
import { cosineSimilarity, meanVector, subtract, topIndices } from '../../bench/similarity.js';

describe('similarity helpers', () => {
  it('computes cosine similarity, means, differences and top indices', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect([...meanVector([Float32Array.of(1, 2), Float32Array.of(3, 6)])]).toEqual([2, 4]);
    expect([...subtract(Float32Array.of(3, 1), Float32Array.of(1, 1))]).toEqual([2, 0]);
    expect(topIndices([0.1, 0.7, 0.2, 0.9], 2)).toEqual([3, 1]);
  });

  it('refuses vectors it cannot compare', () => {
    expect(() => cosineSimilarity([1, 2], [1])).toThrow('cannot compare vectors of 2 and 1 values');
    expect(() => cosineSimilarity([0, 0], [1, 1])).toThrow(/zero vector/);
    expect(() => meanVector([])).toThrow(/no vectors/);
  });
});

describe('summarizeParity', () => {
  const ms = { ref: [100, 110], cand: [50, 60] };

  it('separates agreement on what moves with the input from a shared constant offset', () => {
    // Both models add the same large offset; the candidate's input-dependent part is reversed.
    const offset = [10, 10, 10, 10, 10, 10];
    const plus = (a: number[], b: number[]) => Float32Array.from(a, (x, i) => x + (b[i] ?? 0));
    const up = [1, 0, 0, 0, 0, 0];
    const down = [-1, 0, 0, 0, 0, 0];
    const ref = [plus(offset, up), plus(offset, down)];
    const cand = [plus(offset, down), plus(offset, up)];
    const result = summarizeParity(ref, cand, ms);
    expect(result.windows).toBe(2);
    expect(result.cosine.min).toBeGreaterThan(0.98);
    expect(result.centeredCosine.mean).toBeCloseTo(-1, 6);
    expect(result.referenceMs.medianMs).toBe(105);
    expect(result.candidateMs.medianMs).toBe(55);
  });

  it('counts top-1 agreement and top-5 overlap', () => {
    const ref = [Float32Array.of(6, 5, 4, 3, 2, 1, 0)];
    const cand = [Float32Array.of(5, 6, 4, 3, 0, 1, 2)];
    const result = summarizeParity(ref, cand, { ref: [1], cand: [1] });
    expect(result.top1Agreement).toBe(0);
    // Reference top-5 {0..4}, candidate top-5 {1, 0, 2, 3, 6}: four shared.
    expect(result.top5Overlap).toBeCloseTo(0.8);
    expect(result.maxAbsDiff).toBe(2);
    expect(Number.isNaN(result.centeredCosine.mean)).toBe(true);
  });

  it('needs the same windows from both models', () => {
    expect(() => summarizeParity([Float32Array.of(1)], [], ms)).toThrow(
      'need the same positive number of windows, got 1 and 0',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Recognizer } from '../../src/recognize/recognizer.js';
import { softmaxInto, topK } from '../../src/recognize/scores.js';

describe('softmaxInto', () => {
  it('sums to one and keeps the order of the logits', () => {
    const out = softmaxInto(new Float32Array([1, 2, 3]), new Float32Array(3));
    expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
  });

  it('stays finite for huge logits', () => {
    const out = softmaxInto(new Float32Array([1000, 1000, -1000]), new Float32Array(3));
    expect([...out].map((v) => Number(v.toFixed(4)))).toEqual([0.5, 0.5, 0]);
  });

  it('rejects an output of the wrong size', () => {
    expect(() => softmaxInto([1, 2], new Float32Array(3))).toThrow(/3 slots for 2 logits/);
  });
});

describe('topK', () => {
  const labels = ['a', 'b', 'c', 'd', 'e'];
  it.each([
    { scores: [0.1, 0.5, 0.2, 0.9, 0.3], k: 3, want: ['d', 'b', 'e'] },
    { scores: [0.5, 0.5, 0.5, 0.1, 0.2], k: 2, want: ['a', 'b'] },
    { scores: [0.9, 0.1, 0.1, 0.1, 0.1], k: 1, want: ['a'] },
    { scores: [0.1, 0.2, 0.3, 0.4, 0.5], k: 9, want: ['e', 'd', 'c', 'b', 'a'] },
  ])('picks $want from $scores', ({ scores, k, want }) => {
    expect(topK(scores, labels, k).map((s) => s.label)).toEqual(want);
  });

  it('agrees with a full sort on random scores', () => {
    const many = Array.from({ length: 400 }, (_, i) => `class${i}`);
    const scores = Array.from({ length: 400 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const want = scores
      .map((score, i) => ({ label: many[i]!, score }))
      .sort((x, y) => y.score - x.score)
      .slice(0, 5);
    expect(topK(scores, many, 5)).toEqual(want);
  });
});

describe('Recognizer', () => {
  it('returns the most probable label first with its probability', () => {
    const r = new Recognizer(['run', 'jump', 'sit'], 2).recognize(new Float32Array([0, 2, 1]));
    expect(r.label).toBe('jump');
    expect(r.topK.map((s) => s.label)).toEqual(['jump', 'sit']);
    expect(r.score).toBeCloseTo(Math.exp(2) / (1 + Math.exp(2) + Math.exp(1)), 6);
  });
});

import { describe, expect, it } from 'vitest';
import { describeRankMargins, errorSpread, rankMargins } from '../../bench/rankMargins.js';

describe('errorSpread', () => {
  it('ignores an offset shared by every class and measures what can reorder them', () => {
    const ref = Float32Array.of(1, 2, 3, 4);
    expect(errorSpread(ref, Float32Array.of(11, 12, 13, 14))).toBe(0);
    // Errors +1, −1, +1, −1 around a mean of 0: spread 1.
    expect(errorSpread(ref, Float32Array.of(2, 1, 4, 3))).toBeCloseTo(1, 12);
  });
});

describe('rankMargins', () => {
  // Ten classes, the reference's logits 9, 8, ..., 0: every gap is 1.
  const spaced = Float32Array.from({ length: 10 }, (_, i) => 9 - i);

  it('calls a swap of nearly tied classes within the error and a swap of clear ones not', () => {
    // Nearly tied 5th and 6th (gap 0.01); the candidate's errors of ±0.02 (σ ≈ 0.018) swap them.
    const tied = Float32Array.of(9, 8, 7, 6, 5, 4.99, 3, 2, 1, 0);
    const tiedSwapped = Float32Array.of(9.02, 7.98, 7.02, 5.98, 4.99, 5, 3.02, 1.98, 1.02, -0.02);
    // Clear gaps of 1, and the candidate swaps 5th and 6th with the same small spread elsewhere:
    // only these two classes moved, by 0.51 each.
    const clearSwapped = Float32Array.of(9, 8, 7, 6, 4.49, 4.51, 3, 2, 1, 0);
    const m = rankMargins([tied, spaced], [tiedSwapped, clearSwapped]);
    expect(m.windows).toBe(2);
    expect(m.top5Changed).toEqual({ windows: 2, withinError: 1 });
    expect(m.top1Changed).toEqual({ windows: 0, withinError: 0 });
    // The clear window's error σ is 0.51·√(2/10) ≈ 0.228, its gap 1 ≥ 2σ: a clear window, missed.
    expect(m.clearWindows).toBe(1);
    expect(m.top5OverlapClearWindows).toBeCloseTo(0.8, 12);
    expect(m.medianTop5Gap).toBeCloseTo((0.01 + 1) / 2, 6);
  });

  it('reports no clear window when every gap is within the error', () => {
    const noisy = Float32Array.from(spaced, (x, i) => x + (i % 2 === 0 ? 2 : -2));
    const m = rankMargins([spaced], [noisy]);
    expect(m.medianErrorSpread).toBeCloseTo(2, 6);
    expect(m.clearWindows).toBe(0);
    expect(m.top5OverlapClearWindows).toBeNull();
    expect(describeRankMargins(m)).toContain('no window has a top-5 gap of 2σ or more');
  });

  it('refuses windows it cannot pair', () => {
    expect(() => rankMargins([spaced], [])).toThrow(/same positive number of windows/);
  });
});

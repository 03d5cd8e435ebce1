import { describe, expect, it } from 'vitest';
import { formatTable, median, summarize } from '../../bench/stats.js';

describe('summarize', () => {
  it.each([
    { samples: [5, 1, 3], median: 3, p95: 5, min: 1, max: 5, mean: 3 },
    { samples: [4, 1, 3, 2], median: 2.5, p95: 4, min: 1, max: 4, mean: 2.5 },
    {
      samples: Array.from({ length: 20 }, (_, i) => 20 - i),
      median: 10.5,
      p95: 20,
      min: 1,
      max: 20,
      mean: 10.5,
    },
  ])('summarizes $samples', ({ samples, median: med, p95, min, max, mean }) => {
    expect(summarize(samples)).toEqual({
      runs: samples.length,
      medianMs: med,
      p95Ms: p95,
      minMs: min,
      maxMs: max,
      meanMs: mean,
    });
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });

  it('gives the median of plain numbers', () => {
    expect(median([0.97, 0.99, 0.98])).toBe(0.98);
  });
});

describe('formatTable', () => {
  it('pads the first column left and the others right', () => {
    expect(
      formatTable(
        ['path', 'ms'],
        [
          ['bare', '6.5'],
          ['engine', '12.25'],
        ],
      ),
    ).toBe(['path       ms', '------  -----', 'bare      6.5', 'engine  12.25'].join('\n'));
  });
});

describe('rounds side by side', () => {
  it('alternates the order of cases round by round (A B, B A)', async () => {
    const { alternatingOrder } = await import('../../bench/stats.js');
    expect([0, 1, 2].map((r) => alternatingOrder(['a', 'b', 'c'], r).join(''))).toEqual([
      'abc',
      'cba',
      'abc',
    ]);
  });

  it('spreads a figure over rounds as median and range', async () => {
    const { formatSpread, spreadOf } = await import('../../bench/stats.js');
    expect(spreadOf([1.02, 0.98, 1.1])).toEqual({ median: 1.02, min: 0.98, max: 1.1 });
    expect(formatSpread(spreadOf([1.02, 0.98, 1.1]))).toBe('1.020 (0.980–1.100)');
    expect(() => spreadOf([])).toThrow(/no values/);
  });
});

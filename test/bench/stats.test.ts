import { describe, expect, it } from 'vitest';
import { formatTable, summarize } from '../../src/bench/stats.js';

describe('summarize', () => {
  it.each([
    { samples: [5, 1, 3], median: 3, p95: 5, min: 1 },
    { samples: [4, 1, 3, 2], median: 2.5, p95: 4, min: 1 },
    { samples: Array.from({ length: 20 }, (_, i) => 20 - i), median: 10.5, p95: 20, min: 1 },
  ])('summarizes $samples', ({ samples, median, p95, min }) => {
    expect(summarize(samples)).toEqual({
      runs: samples.length,
      medianMs: median,
      p95Ms: p95,
      minMs: min,
    });
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(/no samples/);
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

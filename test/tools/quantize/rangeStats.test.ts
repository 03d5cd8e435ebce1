import { describe, expect, it } from 'vitest';
import { RangeAccumulator } from '../../../tools/quantize/rangeStats.js';

describe('RangeAccumulator', () => {
  it('keeps the extremes over every window', () => {
    const ranges = new RangeAccumulator(0.999);
    ranges.add(Float32Array.from([-1, 0, 2]));
    ranges.add(Float32Array.from([-3, 0, 1]));
    expect(ranges.result()).toMatchObject({ min: -3, max: 2, windows: 2 });
  });

  it('leaves a rare outlier outside the percentile range', () => {
    const values = new Float32Array(100_000);
    for (let i = 0; i < values.length; i++) values[i] = (i % 1000) / 1000 - 0.5;
    values[0] = 50;
    const ranges = new RangeAccumulator(0.9999);
    ranges.add(values);
    const r = ranges.result();
    expect(r.max).toBe(50);
    // 0.01 % of 100 000 values is 10: the one outlier is clipped, the body of values is not.
    expect(r.high).toBeGreaterThan(0.49);
    expect(r.high).toBeLessThan(0.52);
    expect(r.low).toBeLessThan(-0.49);
    expect(r.low).toBeGreaterThan(-0.52);
  });

  it('averages the per-window percentile ranges', () => {
    const ranges = new RangeAccumulator(1);
    ranges.add(Float32Array.from([0, 1]));
    ranges.add(Float32Array.from([0, 3]));
    expect(ranges.result()).toMatchObject({ low: 0, high: 2, min: 0, max: 3 });
  });

  it('keeps each channel of the last axis apart, for smoothing', () => {
    const ranges = new RangeAccumulator(1);
    // Two tokens of three channels; the third channel is the outlier.
    ranges.add(Float32Array.from([0.1, -0.2, 5, -0.3, 0.2, -7]), 3);
    ranges.add(Float32Array.from([0.4, 0, 1, 0, 0, 0]), 3);
    const r = ranges.result();
    expect(r.channelMin).toEqual([-0.30000001192092896, -0.20000000298023224, -7]);
    expect(r.channelMax).toEqual([0.4000000059604645, 0.20000000298023224, 5]);
  });

  it('handles a constant tensor and rejects a meaningless percentile', () => {
    const ranges = new RangeAccumulator(0.99);
    ranges.add(new Float32Array(10).fill(0.25));
    expect(ranges.result()).toMatchObject({ low: 0.25, high: 0.25 });
    expect(() => new RangeAccumulator(0.3)).toThrow('percentile must be in (0.5, 1]');
    expect(() => new RangeAccumulator(0.99).result()).toThrow('no values were added');
  });
});

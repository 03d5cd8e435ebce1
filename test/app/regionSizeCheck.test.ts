import { describe, expect, it } from 'vitest';
import { smallRegions } from '../../src/app/regionSizeCheck.js';

const regions = [
  { name: 'wide', x: 0, y: 0, width: 0.5, height: 1, labels: [] },
  { name: 'corner', x: 0.8, y: 0.8, width: 0.2, height: 0.2, labels: [] },
];

describe('regions smaller than the model’s input', () => {
  it('are named with their source pixels and the factor they are upscaled', () => {
    // 1920x1080: corner is 384x216, short side 216 → 256.
    expect(
      smallRegions({ regions }, { width: 1920, height: 1080 }, { resizeShortSide: 256 }),
    ).toEqual([{ region: 'corner', width: 384, height: 216, upscale: 1.19 }]);
  });

  it('on a small source, every region can be', () => {
    const small = smallRegions({ regions }, { width: 340, height: 256 }, { resizeShortSide: 256 });
    expect(small.map((s) => [s.region, s.upscale])).toEqual([
      ['wide', 1.51],
      ['corner', 5.02],
    ]);
  });
});

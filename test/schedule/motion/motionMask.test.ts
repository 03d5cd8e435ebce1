import { describe, expect, it } from 'vitest';
import {
  cropViewOf,
  maskProblems,
  rasteriseMasks,
  WHOLE_FRAME,
} from '../../../src/schedule/motion/index.js';

const GRID = { width: 4, height: 4 };

function rows(bitmap: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < bitmap.length / width; y++) {
    out.push([...bitmap.subarray(y * width, (y + 1) * width)].join(''));
  }
  return out;
}

describe('rasteriseMasks', () => {
  it('counts every sample without masks', () => {
    expect(rows(rasteriseMasks([], GRID, WHOLE_FRAME), 4)).toEqual([
      '1111',
      '1111',
      '1111',
      '1111',
    ]);
  });

  it('masks the samples whose centres a rectangle covers', () => {
    const bitmap = rasteriseMasks([{ x: 0.5, y: 0, width: 0.5, height: 0.5 }], GRID, WHOLE_FRAME);
    expect(rows(bitmap, 4)).toEqual(['1100', '1100', '1111', '1111']);
  });

  it('masks the inside of a polygon (a triangle over the lower left)', () => {
    const triangle = {
      points: [
        [0, 0],
        [0, 1],
        [1, 1],
      ] as [number, number][],
    };
    expect(rows(rasteriseMasks([triangle], GRID, WHOLE_FRAME), 4)).toEqual([
      '1111',
      '0111',
      '0011',
      '0001',
    ]);
  });

  it('maps full-frame masks into the centre crop of a 16:9 camera', () => {
    // 1920x1080 → 455x256, crop 224 from x = 116: the crop shows x 0.255..0.747 of the frame.
    const view = cropViewOf(1920, 1080, { resizeShortSide: 256, cropSize: 224 });
    expect(view.left).toBeCloseTo(116 / 455);
    expect(view.top).toBeCloseTo(16 / 256);
    // A TV in the left quarter of the picture lies outside the crop: nothing is masked.
    const tv = { x: 0, y: 0, width: 0.25, height: 1 };
    expect(rows(rasteriseMasks([tv], GRID, view), 4)).toEqual(['1111', '1111', '1111', '1111']);
    // The left half of the picture covers the crop's left half.
    const half = { x: 0, y: 0, width: 0.5, height: 1 };
    expect(rows(rasteriseMasks([half], GRID, view), 4)).toEqual(['0011', '0011', '0011', '0011']);
  });
});

describe('maskProblems', () => {
  it('accepts fractions inside the frame', () => {
    const masks = [
      { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
      {
        points: [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
      },
    ];
    expect(maskProblems(masks as never, 'cameras[0].motion.masks')).toEqual([]);
  });

  it('names every bad mask by its path', () => {
    const masks = [
      { x: 0.8, y: 0, width: 0.5, height: 0.1 },
      { x: -1, y: 0, width: 0.5, height: 0.1 },
      {
        points: [
          [0, 0],
          [2, 0],
        ],
      },
    ];
    expect(maskProblems(masks as never, 'm')).toEqual([
      'm[0]: the rectangle must have a size and lie inside the frame',
      'm[1]: x, y, width and height must be fractions of the frame, 0 to 1',
      'm[2].points: a polygon needs at least 3 points',
      'm[2].points[1]: must be [x, y] fractions of the frame, 0 to 1',
    ]);
  });
});

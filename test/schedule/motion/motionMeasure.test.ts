import { describe, expect, it } from 'vitest';
import {
  type LumaGrid,
  lumaGridOf,
  MotionMeasure,
  rasteriseMasks,
  subsampleLuma,
  WHOLE_FRAME,
} from '../../../src/schedule/motion/index.js';

const GRID: LumaGrid = { width: 8, height: 8 };

/** A flat grey plane with a bright 2x2 square whose top-left corner is at (x, y). */
function planeWithSquare(x: number, y: number, background = 100): Uint8Array {
  const plane = new Uint8Array(GRID.width * GRID.height).fill(background);
  for (let dy = 0; dy < 2; dy++) {
    for (let dx = 0; dx < 2; dx++) plane[(y + dy) * GRID.width + x + dx] = 220;
  }
  return plane;
}

describe('MotionMeasure', () => {
  it('scores the first frame 0: nothing to compare with', () => {
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20 });
    expect(measure.measure(planeWithSquare(0, 0))).toBe(0);
  });

  it('scores still frames 0, also with noise below the threshold', () => {
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20 });
    const noisy = planeWithSquare(3, 3);
    measure.measure(noisy);
    const next = noisy.map((v, i) => v + ((i % 3) - 1) * 15);
    expect(measure.measure(next)).toBe(0);
  });

  it('scores a moving square as the fraction of samples it changed', () => {
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20 });
    measure.measure(planeWithSquare(0, 0));
    // Moved 4 samples right: 4 samples it left and 4 it now covers changed, of 64.
    expect(measure.measure(planeWithSquare(4, 0))).toBeCloseTo(8 / 64);
  });

  it('ignores a change of the whole picture’s brightness (lights, auto exposure)', () => {
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20 });
    measure.measure(planeWithSquare(2, 2, 100));
    const brighter = planeWithSquare(2, 2, 100).map((v) => v + 30);
    expect(measure.measure(brighter)).toBe(0);
  });

  it('does not count changes under a mask', () => {
    // The right half of the plane is masked; the square moves within it.
    const counts = rasteriseMasks([{ x: 0.5, y: 0, width: 0.5, height: 1 }], GRID, WHOLE_FRAME);
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20, counts });
    expect(measure.countedSamples).toBe(32);
    measure.measure(planeWithSquare(4, 0));
    expect(measure.measure(planeWithSquare(6, 4))).toBe(0);
    // The same square entering the unmasked half counts: 4 of the 32 counted samples.
    expect(measure.measure(planeWithSquare(0, 4))).toBeCloseTo(4 / 32);
  });

  it('compares nothing across reset(): a restart is not motion', () => {
    const measure = new MotionMeasure({ grid: GRID, pixelThreshold: 20 });
    measure.measure(planeWithSquare(0, 0));
    measure.reset();
    expect(measure.measure(planeWithSquare(6, 6))).toBe(0);
  });

  it('rejects a mask bitmap of another size', () => {
    expect(
      () => new MotionMeasure({ grid: GRID, pixelThreshold: 20, counts: new Uint8Array(10) }),
    ).toThrow(/10 samples/);
  });
});

describe('subsampleLuma', () => {
  it('takes BT.601 luma at the centre of every step x step cell', () => {
    const width = 8;
    const rgb = new Uint8Array(width * 4 * 3);
    // Pixel (2, 2) is the centre of the first 4x4 cell; (6, 2) of the second.
    rgb.set([255, 0, 0], (2 * width + 2) * 3);
    rgb.set([255, 255, 255], (2 * width + 6) * 3);
    const grid = lumaGridOf(width, 4, 4);
    const out = new Uint8Array(grid.width * grid.height);
    subsampleLuma(rgb, width, 4, out, grid);
    expect(grid).toEqual({ width: 2, height: 1 });
    expect([...out]).toEqual([(77 * 255) >> 8, 255]);
  });

  it('refuses a step that does not fit the frame', () => {
    expect(() => lumaGridOf(2, 2, 4)).toThrow(/smaller than/);
    expect(() => lumaGridOf(8, 8, 0)).toThrow(/positive integer/);
  });
});

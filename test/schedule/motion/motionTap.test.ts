import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MOTION_SETTINGS,
  type MotionSettings,
  MotionTap,
  motionSettingsProblems,
} from '../../../src/schedule/motion/index.js';

const SIZE = 16;

/** A 16x16 rgb24 frame, black with a white 8x8 square whose left edge is at `x`. */
function frameWithSquare(x: number): Uint8Array {
  const frame = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 4; y < 12; y++) frame.fill(255, (y * SIZE + x) * 3, (y * SIZE + x + 8) * 3);
  return frame;
}

function tapWith(settings: Partial<MotionSettings>): MotionTap {
  return new MotionTap({
    frameWidth: SIZE,
    frameHeight: SIZE,
    lumaStep: 2,
    settings: { ...DEFAULT_MOTION_SETTINGS, ...settings },
  });
}

describe('MotionTap', () => {
  it('scores ring frames and records them with the gate', () => {
    const tap = tapWith({});
    expect(tap.onFrame(frameWithSquare(0), 0, 0)).toBe(0);
    // The square moves 8 px: 4 sample columns of 4 rows left, 4 entered, of 8x8 samples.
    expect(tap.onFrame(frameWithSquare(8), 1, 133)).toBeCloseTo(32 / 64);
    expect(tap.gate.stats()).toMatchObject({ lastMotionMs: 133, lastScore: 0.5 });
  });

  it('measures nothing for a camera that opted out, and runs its windows', () => {
    const tap = tapWith({ enabled: false });
    tap.onFrame(frameWithSquare(0), 0, 0);
    expect(tap.onFrame(frameWithSquare(8), 1, 133)).toBe(0);
    expect(tap.gate.admit(0, 1)).toBe(true);
  });

  it('does not take a restart for motion', () => {
    const tap = tapWith({});
    tap.onFrame(frameWithSquare(0), 0, 0);
    tap.reset();
    expect(tap.onFrame(frameWithSquare(8), 1, 133)).toBe(0);
  });
});

describe('motionSettingsProblems', () => {
  it('accepts the defaults', () => {
    expect(motionSettingsProblems(DEFAULT_MOTION_SETTINGS, 'cameras[0].motion')).toEqual([]);
  });

  it('names every bad value by its configuration path', () => {
    const settings = {
      ...DEFAULT_MOTION_SETTINGS,
      pixelThreshold: 0,
      minArea: 2,
      holdMs: -1,
      masks: [{ points: [[0, 0]] as [number, number][] }],
    };
    expect(motionSettingsProblems(settings, 'cameras[1].motion')).toEqual([
      'cameras[1].motion.threshold: must be an integer from 1 to 254, got 0',
      'cameras[1].motion.min_area: must be a fraction above 0 and at most 1, got 2',
      'cameras[1].motion.hold_ms: must be a whole number of ms, 0 or more, got -1',
      'cameras[1].motion.masks[0].points: a polygon needs at least 3 points',
    ]);
  });
});

import { type MotionMask, maskProblems } from './motionMask.js';

/** A camera's motion gating, as the configuration will give it (cameras[].motion). */
export interface MotionSettings {
  /** false: the camera opts out and runs every window. */
  enabled: boolean;
  /** Luma change (0-255) a sample needs to count as changed (config `threshold`). */
  pixelThreshold: number;
  /** Fraction of unmasked samples that must change for a frame to be motion (`min_area`). */
  minArea: number;
  /** Windows keep running this long after the last motion (`hold_ms`). */
  holdMs: number;
  /** Parts of the picture whose changes never count (a TV, a tree, a clock). */
  masks: readonly MotionMask[];
}

/**
 * Defaults: 20 of 255 is above what sensor noise and H.264 flicker move a sample between two
 * frames 133 ms apart; 0.5 % of a 56x56 plane is 16 samples, a hand's worth in a 224 crop;
 * 5 s of hold keeps a pause in an action from ending its event.
 */
export const DEFAULT_MOTION_SETTINGS: Readonly<MotionSettings> = Object.freeze({
  enabled: true,
  pixelThreshold: 20,
  minArea: 0.005,
  holdMs: 5000,
  masks: [],
});

/** Every problem with `settings` as `path: message` (config paths, snake_case). */
export function motionSettingsProblems(settings: MotionSettings, path: string): string[] {
  const problems: string[] = [];
  const { pixelThreshold, minArea, holdMs } = settings;
  if (!Number.isInteger(pixelThreshold) || pixelThreshold < 1 || pixelThreshold > 254) {
    problems.push(`${path}.threshold: must be an integer from 1 to 254, got ${pixelThreshold}`);
  }
  if (!(Number.isFinite(minArea) && minArea > 0 && minArea <= 1)) {
    problems.push(`${path}.min_area: must be a fraction above 0 and at most 1, got ${minArea}`);
  }
  if (!Number.isInteger(holdMs) || holdMs < 0) {
    problems.push(`${path}.hold_ms: must be a whole number of ms, 0 or more, got ${holdMs}`);
  }
  problems.push(...maskProblems(settings.masks, `${path}.masks`));
  return problems;
}

import { type CropView, WHOLE_FRAME } from './cropView.js';
import { type LumaGrid, lumaGridOf, subsampleLuma } from './lumaFromRgb.js';
import { MotionGate, type MotionStateChange } from './motionGate.js';
import { rasteriseMasks } from './motionMask.js';
import { MotionMeasure } from './motionMeasure.js';
import type { MotionSettings } from './motionSettings.js';

/**
 * Samples every 4th pixel both ways: a 224x224 model frame becomes a 56x56 plane. `npm run
 * bench -- motion` puts it at 30-45 CPU µs a frame on a loaded 2-core machine (0.03 % of a
 * core at 7.5 fps), a quarter of step 2; step 8 is cheaper still, but at 28x28 a hand in
 * the crop is a sample or two, under any sensible min_area.
 */
export const DEFAULT_LUMA_STEP = 4;

export interface MotionTapOptions {
  /** Width and height of the rgb24 frames in the ring (the model's crop). */
  frameWidth: number;
  frameHeight: number;
  settings: MotionSettings;
  /** What part of the camera's full frame the ring's frames show (cropViewOf). */
  view?: CropView;
  lumaStep?: number;
  onChange?: (change: MotionStateChange) => void;
}

/**
 * Measures motion on the frames the model already gets (the ring's rgb24 frames, no second
 * decode) and feeds the camera's gate: call onFrame() for every committed frame, in order,
 * before asking the gate about a window that ends with it.
 */
export class MotionTap {
  readonly gate: MotionGate;
  private readonly grid: LumaGrid;
  private readonly luma: Uint8Array;
  private readonly measure: MotionMeasure;
  private readonly step: number;

  constructor(private readonly opts: MotionTapOptions) {
    this.step = opts.lumaStep ?? DEFAULT_LUMA_STEP;
    this.grid = lumaGridOf(opts.frameWidth, opts.frameHeight, this.step);
    this.luma = new Uint8Array(this.grid.width * this.grid.height);
    const { settings } = opts;
    const counts = rasteriseMasks(settings.masks, this.grid, opts.view ?? WHOLE_FRAME);
    this.measure = new MotionMeasure({
      grid: this.grid,
      pixelThreshold: settings.pixelThreshold,
      counts,
    });
    this.gate = new MotionGate({
      enabled: settings.enabled,
      minArea: settings.minArea,
      holdMs: settings.holdMs,
      ...(opts.onChange === undefined ? {} : { onChange: opts.onChange }),
    });
  }

  /** Scores one committed frame and records it with the gate; returns the score. */
  onFrame(rgb: Uint8Array, seq: number, timeMs: number): number {
    // An opted-out camera runs every window: spend nothing on measuring it.
    if (!this.opts.settings.enabled) {
      this.gate.recordFrame(seq, timeMs, 0);
      return 0;
    }
    subsampleLuma(rgb, this.opts.frameWidth, this.step, this.luma, this.grid);
    const score = this.measure.measure(this.luma);
    this.gate.recordFrame(seq, timeMs, score);
    return score;
  }

  /** A new ffmpeg run (restart, size change): do not compare across the gap. */
  reset(): void {
    this.measure.reset();
  }
}

import { FrameRing } from '../buffer/index.js';
import type { CameraConfig } from '../config/index.js';
import { targetKey } from '../core/index.js';
import type { RegionOutput } from '../ingest/index.js';
import type { ModelCard } from '../model/index.js';
import type { ClipScheduler } from '../schedule/index.js';

/** One region of a camera as a recognition target: its ring, fed by its own ffmpeg pipe. */
export interface RegionTarget {
  /** The scheduler's and recognizers' key (core/target.ts). */
  readonly key: string;
  readonly name: string;
  readonly ring: FrameRing;
  /** What the camera's FrameSource writes the region's frames through. */
  readonly output: RegionOutput;
}

/** clip + stride keeps a pending window whole; a little slack for frames that arrive while
 *  the window is copied out. */
export function ringCapacity(card: Pick<ModelCard, 'clipLength'>, stride: number): number {
  return card.clipLength + stride + 4;
}

export interface RegionTargetsDeps {
  camera: CameraConfig;
  card: Pick<ModelCard, 'clipLength' | 'cropSize'>;
  stride: number;
  scheduler: Pick<ClipScheduler, 'frameArrived'>;
  /** False while the camera's detection is off: frames flow, no windows are due. */
  detecting: () => boolean;
}

/**
 * A ring per region, each reporting its frames to the scheduler under the region's key. Not
 * motion-gated: the camera's gate measures the whole frame, whose masks are drawn on it.
 */
export function buildRegionTargets(deps: RegionTargetsDeps): RegionTarget[] {
  const { camera, card, stride, scheduler, detecting } = deps;
  return camera.regions.map((region) => {
    const key = targetKey(camera.name, region.name);
    const ring: FrameRing = new FrameRing({
      frameBytes: card.cropSize * card.cropSize * 3,
      capacity: ringCapacity(card, stride),
      onCommit: (seq) => {
        if (detecting()) scheduler.frameArrived(key, seq);
      },
    });
    return { key, name: region.name, ring, output: { region, sink: ring } };
  });
}

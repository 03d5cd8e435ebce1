import type { CameraConfig } from '../config/index.js';
import type { ModelCard } from '../model/index.js';
import {
  cropViewOf,
  type MotionMask,
  type MotionSettings,
  type MotionStateChange,
  MotionTap,
} from '../schedule/motion/index.js';

/**
 * The source's picture size is not known to the daemon (ffmpeg scales and crops it before the
 * frames arrive, and nothing reads the stream's size back), so masks, drawn on the full
 * picture, are placed as if it were 16:9 — what nearly every camera sends. A v4l2 camera
 * asked for a `video_size` is known exactly. On another aspect a mask lands slightly off
 * horizontally (4:3: the crop is a little wider than assumed); draw masks with some margin.
 */
const ASSUMED_SOURCE_SIZE = { width: 1920, height: 1080 };

/** The camera's motion tap over the ring's model frames. */
export function cameraMotionTap(
  camera: CameraConfig,
  card: Pick<ModelCard, 'cropSize' | 'resizeShortSide'>,
  onChange: (change: MotionStateChange) => void,
): MotionTap {
  const { width, height } = sourceSizeOf(camera);
  return new MotionTap({
    frameWidth: card.cropSize,
    frameHeight: card.cropSize,
    settings: motionSettingsOf(camera),
    view: cropViewOf(width, height, card),
    onChange,
  });
}

function motionSettingsOf({ motion }: CameraConfig): MotionSettings {
  return {
    enabled: motion.enabled,
    pixelThreshold: motion.threshold,
    minArea: motion.minArea,
    holdMs: motion.holdMs,
    // The schema checked every point is an [x, y] pair; camelKeys' type forgets tuples.
    masks: motion.masks as readonly MotionMask[],
  };
}

function sourceSizeOf(camera: CameraConfig): { width: number; height: number } {
  const size = /^(\d+)x(\d+)$/.exec(camera.source.v4l2.videoSize);
  if (camera.source.kind !== 'v4l2' || size === null) return ASSUMED_SOURCE_SIZE;
  return { width: Number(size[1]), height: Number(size[2]) };
}

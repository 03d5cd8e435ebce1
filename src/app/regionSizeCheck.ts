import { findFfprobe, probeVideo } from '../classify/videoInfo.js';
import type { CameraConfig } from '../config/index.js';
import { regionUpscaleFactor } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { ModelCard } from '../model/index.js';

export interface SmallRegion {
  region: string;
  /** The region's size in source pixels. */
  width: number;
  height: number;
  /** How much its short side is enlarged to the model's resize. */
  upscale: number;
}

/** The camera's regions whose short side in source pixels is below the model's resize. */
export function smallRegions(
  camera: Pick<CameraConfig, 'regions'>,
  source: { width: number; height: number },
  card: Pick<ModelCard, 'resizeShortSide'>,
): SmallRegion[] {
  return camera.regions.flatMap((region) => {
    const upscale = regionUpscaleFactor(region, source, card);
    if (upscale <= 1) return [];
    const width = Math.trunc(source.width * region.width);
    const height = Math.trunc(source.height * region.height);
    return [{ region: region.name, width, height, upscale: Number(upscale.toFixed(2)) }];
  });
}

/**
 * The source's size where it is known without a second connection to the camera: a file
 * (ffprobe reads it) or a v4l2 camera asked for a `video_size`. Live network streams are not
 * probed: that would be a second connection.
 */
export async function sourceSizeOf(
  camera: CameraConfig,
  ffmpegPath: string,
): Promise<{ width: number; height: number } | null> {
  const { kind, url, v4l2 } = camera.source;
  const size = /^(\d+)x(\d+)$/.exec(v4l2.videoSize);
  if (kind === 'v4l2') return size ? { width: Number(size[1]), height: Number(size[2]) } : null;
  if (kind !== 'file') return null;
  const ffprobe = findFfprobe(ffmpegPath, process.env);
  return ffprobe === null ? null : probeVideo(ffprobe, url);
}

/**
 * Warns once per small region with the factor it is upscaled: the model then sees enlarged
 * pixels, little detail for the size of its input. Never throws (a warning only).
 */
export async function warnSmallRegions(
  camera: CameraConfig,
  card: Pick<ModelCard, 'resizeShortSide'>,
  ffmpegPath: string,
  log: Logger,
): Promise<void> {
  if (camera.regions.length === 0) return;
  try {
    const size = await sourceSizeOf(camera, ffmpegPath);
    if (size === null) return;
    for (const small of smallRegions(camera, size, card)) {
      log.warn(
        { camera: camera.name, ...small, source: size, resizeShortSide: card.resizeShortSide },
        `region ${small.region} is ${small.width}x${small.height} source pixels, smaller than the model's input: upscaled ${small.upscale}x`,
      );
    }
  } catch (err) {
    log.debug({ err, camera: camera.name }, 'cannot check the size of the regions');
  }
}

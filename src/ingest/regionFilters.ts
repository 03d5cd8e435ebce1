/**
 * Regions of interest in the camera's one ffmpeg: the sampled picture is converted to rgb24
 * once, `split` into the whole frame's chain and one chain per region, and each chain is
 * written to its own pipe. Decoding, sampling and the colour conversion are shared; a region
 * costs only its crop, scale and center crop. Pure functions, asserted on argv in tests.
 */
import type { FfmpegOutput } from './ffmpegArgs.js';

/** A rectangle of the full frame, in fractions (0..1) of its width and height. */
export interface RegionCrop {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The first child fd of region pipes (region i writes to fd REGION_FD_BASE + i). The fds
 * below it are left to the camera's single extra outputs (snapshots on 3, and room for the
 * others), so adding one of those never moves a region's pipe.
 */
export const REGION_FD_BASE = 8;

/** Filter graph labels: the whole frame's output and region i's. */
export const WHOLE_FRAME_LABEL = 'aw_frame';
export const regionLabel = (index: number): string => `aw_region${index}`;

export function regionFd(index: number): number {
  return REGION_FD_BASE + index;
}

/**
 * The region's rectangle in source pixels: offsets and sizes truncated, as torchvision's
 * crop of the same fractions (int()) would be (tools/parity compares them).
 */
export function regionCropFilter(region: RegionCrop): string {
  checkRegion(region);
  const at = (size: 'iw' | 'ih', fraction: number) => `'trunc(${size}*${fraction})'`;
  return [
    `crop=w=${at('iw', region.width)}`,
    `h=${at('ih', region.height)}`,
    `x=${at('iw', region.x)}`,
    `y=${at('ih', region.y)}`,
    'exact=1',
  ].join(':');
}

/**
 * `-filter_complex` for a camera with regions: `sampling` (setpts, fps, format=rgb24, see
 * buildVideoFilter) once, then the whole frame's `resizeCrop` and each region's crop followed
 * by the same `resizeCrop` (short side to the model's resize, center crop): a region is
 * prepared exactly as a whole frame of its size would be.
 */
export function buildRegionGraph(
  sampling: readonly string[],
  resizeCrop: readonly string[],
  regions: readonly RegionCrop[],
): string {
  const branches = regions.length + 1;
  const inputs = Array.from({ length: branches }, (_, i) => `[aw_split${i}]`).join('');
  const chains = [
    `[0:v:0]${[...sampling, `split=${branches}`].join(',')}${inputs}`,
    `[aw_split0]${resizeCrop.join(',')}[${WHOLE_FRAME_LABEL}]`,
    ...regions.map(
      (region, i) =>
        `[aw_split${i + 1}]${[regionCropFilter(region), ...resizeCrop].join(',')}[${regionLabel(i)}]`,
    ),
  ];
  return chains.join(';');
}

/** Raw rgb24 frames of one filter graph label to a pipe (the rgb24 output's own options). */
export function rawFramesTo(label: string, pipe: string): string[] {
  return [
    ...['-map', `[${label}]`],
    ...['-fps_mode', 'passthrough'],
    ...['-pix_fmt', 'rgb24', '-f', 'rawvideo', pipe],
  ];
}

/** argv of every region's output, appended after the whole frame's. */
export function buildRegionOutputArgs(regions: readonly RegionCrop[]): string[] {
  return regions.flatMap((_, i) => rawFramesTo(regionLabel(i), `pipe:${regionFd(i)}`));
}

/**
 * How much a region's picture is enlarged to reach the model's short side: above 1 means the
 * model sees upscaled pixels (a region smaller than its input), which is worth a warning.
 */
export function regionUpscaleFactor(
  region: RegionCrop,
  source: { width: number; height: number },
  output: Pick<FfmpegOutput, 'resizeShortSide'>,
): number {
  const width = Math.trunc(source.width * region.width);
  const height = Math.trunc(source.height * region.height);
  return output.resizeShortSide / Math.max(1, Math.min(width, height));
}

function checkRegion(region: RegionCrop): void {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    const value = region[key];
    // Numbers go into the filter graph: anything else could add filters.
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new RangeError(
        `region ${region.name}: ${key} must be a number from 0 to 1, got ${value}`,
      );
    }
  }
  if (region.width === 0 || region.height === 0) {
    throw new RangeError(`region ${region.name}: width and height must be above 0`);
  }
}

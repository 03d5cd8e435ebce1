/**
 * ffmpeg command lines built from configuration by pure functions (Frigate style), so every
 * choice below is asserted on argv in tests. Needs ffmpeg >= 5: before 5.0 the rtsp demuxer's
 * `-timeout` meant "listen for incoming connections" instead of a socket timeout.
 */
import type { SourceConfig } from '../config/types.js';
import {
  buildRegionGraph,
  buildRegionOutputArgs,
  type RegionCrop,
  WHOLE_FRAME_LABEL,
} from './regionFilters.js';
import { SOURCE_KINDS } from './sources/index.js';

/** What the model wants from every camera: frames sampled at `fps`, scaled and cropped. */
export interface FfmpegOutput {
  /** Side of the square center crop (224 for MViT-B). */
  cropSize: number;
  /** The short side is scaled to this before cropping (256 for MViT-B). */
  resizeShortSide: number;
  /** Frames per second to sample (7.5 for MViT-B). */
  fps: number;
  /** libswscale flags, e.g. 'bilinear'. */
  scaleFlags: string;
}

/** How late a frame may be stored and still count as on the sampling grid (ms time bases). */
const GRID_TOLERANCE_S = 0.0005;

/**
 * One decoder thread. ffmpeg's default frame threading (cores + 1 threads) buys nothing a
 * camera needs: one thread decodes 1080p30 H.264 in real time with room to spare, uses less
 * CPU in all (`npm run bench -- decode`: 15.1 % of a core against 16.5 %, same frames) and
 * less memory (71 against 88 MiB), and adds no frames of delay (frame threading holds back
 * one frame per thread: 0.57 s at 30 fps on a 16-core machine). A 4K stream on a slow CPU
 * may want `input_args: [-threads, '0']` back, or a hwaccel preset.
 */
const DECODER_THREADS = ['-threads', '1'];

/** Network inputs give up on a silent socket after this long, with a message that says so. */
export const DEFAULT_IO_TIMEOUT_MS = 10_000;

/** Bytes of one rgb24 frame out of ffmpeg. */
export function frameBytesFor(cropSize: number): number {
  return cropSize * cropSize * 3;
}

/**
 * argv for ffmpeg (without the binary) that writes raw rgb24 frames to stdout, and with
 * `regions` each region's frames to its own pipe (see regionFilters.ts).
 */
export function buildFfmpegArgs(
  source: SourceConfig,
  output: FfmpegOutput,
  io: { timeoutMs: number } = { timeoutMs: DEFAULT_IO_TIMEOUT_MS },
  regions: readonly RegionCrop[] = [],
): string[] {
  const kind = SOURCE_KINDS[source.kind];
  const filter = { fromFirstFrame: kind.isRecording };
  return [
    // warning, not error: the lines before a failure are what explains it, and they are
    // only kept in memory until then.
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'],
    ...DECODER_THREADS,
    ...kind.inputArgs(source, io.timeoutMs),
    ...HWACCEL_PRESETS[source.hwaccel](),
    // Last before -i so a user's option overrides any of ours for this input.
    ...source.inputArgs,
    ...['-i', kind.input(source)],
    ...['-an', '-sn', '-dn'],
    ...(regions.length === 0
      ? ['-map', '0:v:0', '-vf', buildVideoFilter(output, filter)]
      : [
          ...[
            '-filter_complex',
            buildRegionGraph(samplingFilters(output, filter), resizeCropFilters(output), regions),
          ],
          ...['-map', `[${WHOLE_FRAME_LABEL}]`],
        ]),
    // The fps filter already makes the frames constant-rate, and raw frames on a pipe carry
    // no timestamps. When a stream's size changes mid-way, ffmpeg rebuilds the filter graph
    // and a file's setpts (below) starts again from 0; the default cfr would then drop every
    // frame until the times caught up again, cutting off as much as came before.
    ...['-fps_mode', 'passthrough'],
    ...['-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'],
    ...buildRegionOutputArgs(regions),
  ];
}

export interface VideoFilterOptions {
  /**
   * Start the sampling grid at the first video frame (files: parity with torchvision, which
   * counts frames from the first). Live sources need no such anchor, and without setpts their
   * times run on when a size change rebuilds the filter graph.
   */
  fromFirstFrame: boolean;
}

/**
 * Sampling, resize and crop, chosen to match torchvision's video presets:
 *
 * - `fps=...:round=up` keeps, for output frame k, the last input frame at or before k/fps:
 *   input pts are rounded up into the output time base and the filter emits the newest
 *   frame whose pts <= k. That is torchvision's resampler (frame floor(k * srcFps / fps)),
 *   e.g. frames 0, 4, 8 of a 30 fps camera. The default round=near would pick 1, 5, 9.
 * - setpts first, for files (the parity harness found both, models/parity): ffmpeg shifts a file's
 *   times by the earliest stream start, so a video whose audio starts 7 ms earlier sampled
 *   frames 3, 7, 11 instead of 0, 4, 8; PTS-STARTPTS starts the grid at the first video
 *   frame. Matroska stores times in whole ms, so a frame on the grid (frame 8 of 30 fps,
 *   266.67 ms) is stored up to 0.5 ms late and would lose its slot to the frame before;
 *   moving every frame 0.5 ms earlier keeps it, and no real frame rate puts a frame that
 *   close after a grid point (28 fps: 2.4 ms at least).
 * - Resize(256) sets the short side to 256 and the long side to int(256 * long / short),
 *   i.e. truncated. ffmpeg's `-2` rounds to the nearest even size instead (1920x1080 would
 *   give 456 where torchvision gives 455), so the size is spelled out with trunc().
 * - format=rgb24 before the scale: torchvision resizes decoded RGB frames, so converting
 *   first (libswscale's plain yuv->rgb, as a decoder hands frames to PyAV) and scaling in RGB
 *   matches its pixels (mean abs. difference 0.006 of 255 at 256/224 on the labelled clips,
 *   against 0.5 when one scale converts and resizes at once). It costs a full-size rgb24
 *   conversion, but only of the 7.5 sampled frames per second. The default scale flags
 *   `bilinear+full_chroma_inp` keep libswscale from halving the chroma of its RGB input.
 * - crop's default offset (in_w - out_w) / 2 is stored with lrint(), half to even, the same
 *   as Python's round() in torchvision's center_crop. exact=1 keeps ffmpeg from aligning
 *   the offset to chroma subsampling should a planar format ever reach the crop.
 */
export function buildVideoFilter(
  output: FfmpegOutput,
  options: VideoFilterOptions = { fromFirstFrame: true },
): string {
  return [...samplingFilters(output, options), ...resizeCropFilters(output)].join(',');
}

/** The first half of buildVideoFilter: the sampling grid and the conversion to rgb24. */
export function samplingFilters(
  output: FfmpegOutput,
  { fromFirstFrame }: VideoFilterOptions = { fromFirstFrame: true },
): string[] {
  checkOutput(output);
  return [
    ...(fromFirstFrame ? [`setpts=PTS-STARTPTS-${GRID_TOLERANCE_S}/TB`] : []),
    `fps=fps=${fpsRational(output.fps)}:round=up`,
    'format=rgb24',
  ];
}

/** The second half of buildVideoFilter: short side to the model's resize, center crop. */
export function resizeCropFilters(output: FfmpegOutput): string[] {
  checkOutput(output);
  const { cropSize: c, resizeShortSide: s, scaleFlags } = output;
  const width = `'if(gte(iw,ih),trunc(iw*${s}/ih),${s})'`;
  const height = `'if(gte(iw,ih),${s},trunc(ih*${s}/iw))'`;
  return [`scale=w=${width}:h=${height}:flags=${scaleFlags}`, `crop=w=${c}:h=${c}:exact=1`];
}

/** `fps` as an exact ffmpeg rational (7.5 → '15/2', 29.97 → '2997/100'), never a rounded float. */
export function fpsRational(fps: number): string {
  if (!Number.isFinite(fps) || fps <= 0) {
    throw new RangeError(`fps must be a positive number, got ${fps}`);
  }
  for (let den = 1; den <= 1001; den += 1) {
    const num = Math.round(fps * den);
    if (Math.abs(num / den - fps) < 1e-9) return `${num}/${den}`;
  }
  throw new RangeError(`fps ${fps} has no rational form with a denominator up to 1001`);
}

type Hwaccel = SourceConfig['hwaccel'];

// Hardware decode presets. None sets -hwaccel_output_format: without it the decoder hands
// frames back in system memory, which the software fps/scale/crop chain needs.
function presetNone(): string[] {
  return [];
}

function presetVaapi(): string[] {
  return ['-hwaccel', 'vaapi', '-hwaccel_device', '/dev/dri/renderD128'];
}

function presetCuda(): string[] {
  return ['-hwaccel', 'cuda'];
}

/** Raspberry Pi and other V4L2 memory-to-memory decoders; for H.264 streams. */
function presetV4l2m2m(): string[] {
  return ['-c:v', 'h264_v4l2m2m'];
}

export const HWACCEL_PRESETS: Readonly<Record<Hwaccel, () => string[]>> = Object.freeze({
  none: presetNone,
  vaapi: presetVaapi,
  cuda: presetCuda,
  v4l2m2m: presetV4l2m2m,
});

function checkOutput(o: FfmpegOutput): void {
  if (!Number.isInteger(o.cropSize) || o.cropSize <= 0) {
    throw new RangeError(`cropSize must be a positive integer, got ${o.cropSize}`);
  }
  if (!Number.isInteger(o.resizeShortSide) || o.resizeShortSide < o.cropSize) {
    throw new RangeError(
      `resizeShortSide must be an integer >= cropSize (${o.cropSize}), got ${o.resizeShortSide}`,
    );
  }
  // Flags go inside the filter graph: anything beyond flag names could add filters.
  if (!/^[a-z_]+(\+[a-z_]+)*$/.test(o.scaleFlags)) {
    throw new RangeError(
      `scaleFlags must be libswscale flag names like 'bilinear', got '${o.scaleFlags}'`,
    );
  }
}

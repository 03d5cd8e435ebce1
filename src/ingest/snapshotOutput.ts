import { fpsRational } from './ffmpegArgs.js';
import { JpegSplitter } from './jpegSplitter.js';

/**
 * The camera's second, low-rate output: full-view JPEGs for alert snapshots, from the same
 * ffmpeg (no second camera connection), on its own pipe so the rgb24 frames on stdout are
 * untouched.
 */
export interface SnapshotOutput {
  fps: number;
  /** Width in pixels; the height keeps the aspect ratio. Never upscaled. */
  width: number;
  /** Receives each JPEG with its capture time (epoch ms). */
  onJpeg: (jpeg: Buffer, timeMs: number) => void;
}

/** The child's fd the JPEGs are written to (stdin, stdout, stderr, then this). */
export const SNAPSHOT_FD = 3;
/** ffmpeg's mjpeg quantizer, 2 (best) to 31: 5 keeps a 640 px frame near 40 KB. */
const JPEG_QUALITY = 5;

/** argv of the snapshot output, appended after the rgb24 output's. */
export function buildSnapshotOutputArgs(output: Pick<SnapshotOutput, 'fps' | 'width'>): string[] {
  return buildJpegOutputArgs(output, { fd: SNAPSHOT_FD, quality: JPEG_QUALITY, what: 'snapshot' });
}

/** argv of one low-rate full-view JPEG output written to the child's fd `fd`. */
export function buildJpegOutputArgs(
  output: Pick<SnapshotOutput, 'fps' | 'width'>,
  { fd, quality, what }: { fd: number; quality: number; what: string },
): string[] {
  if (!Number.isInteger(output.width) || output.width < 16) {
    throw new RangeError(`${what} width must be an integer >= 16, got ${output.width}`);
  }
  // Even sizes keep 4:2:0 chroma whole; min() keeps a small camera from being upscaled.
  const width = `'trunc(min(${output.width},iw)/2)*2'`;
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    ...['-vf', `fps=fps=${fpsRational(output.fps)}:round=up,scale=w=${width}:h=-2`],
    ...['-c:v', 'mjpeg', '-q:v', String(quality), '-f', 'image2pipe', `pipe:${fd}`],
  ];
}

/**
 * Reads one ffmpeg run's snapshot pipe: splits it into JPEGs and stamps each with its time,
 * from the same clock as the run's rgb frames (media time for files, arrival for live).
 */
export class SnapshotTap {
  private readonly splitter: JpegSplitter;
  private index = 0;

  constructor(
    private readonly output: SnapshotOutput,
    private readonly timeOf: (index: number) => number,
  ) {
    this.splitter = new JpegSplitter((jpeg) => {
      const timeMs = this.timeOf(this.index);
      this.index++;
      this.output.onJpeg(jpeg, timeMs);
    });
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** A new ffmpeg run: count images from 0 again and drop a partial one. */
  reset(): void {
    this.splitter.reset();
    this.index = 0;
  }
}

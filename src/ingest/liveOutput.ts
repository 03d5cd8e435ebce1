import { buildJpegOutputArgs, type SnapshotOutput } from './snapshotOutput.js';

/**
 * The camera's live view for the web console: a third output of the same ffmpeg (no second
 * camera connection), small JPEGs at a low rate on their own pipe. Encoded once per camera
 * however many browsers watch; the HTTP side fans each image out.
 */
export type LiveOutput = SnapshotOutput;

/** The child's fd the live JPEGs are written to (after the snapshots' fd 3). */
export const LIVE_FD = 4;
/** A little coarser than snapshots: a live view is looked at, not kept. */
const LIVE_JPEG_QUALITY = 7;

/** argv of the live output, appended after the rgb24 (and snapshot) outputs'. */
export function buildLiveOutputArgs(output: Pick<LiveOutput, 'fps' | 'width'>): string[] {
  return buildJpegOutputArgs(output, { fd: LIVE_FD, quality: LIVE_JPEG_QUALITY, what: 'live' });
}

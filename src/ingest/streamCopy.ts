import type { SourceConfig } from '../config/types.js';

/**
 * Whether the camera's own compressed stream is worth keeping as it is: the H.264 or H.265 of
 * an IP camera or a file, a UVC camera's own H.264. Raw and MJPEG frames (other USB cameras,
 * MJPEG over http) are not: a browser cannot play them from an MP4 and they are far too big.
 * The recording copies such a stream instead of encoding it, and the live view passes it on.
 */
export function canCopyStream(source: SourceConfig): boolean {
  if (source.kind === 'rtsp' || source.kind === 'file') return true;
  return source.kind === 'v4l2' && source.v4l2.inputFormat === 'h264';
}

import path from 'node:path';
import type { CameraConfig } from '../config/index.js';

/** The camera name classify's frames are logged under. */
export const CLASSIFY_CAMERA = 'classify';

/**
 * A video file as the daemon's ingest sees a camera: read once, as fast as ffmpeg decodes
 * (classify paces ffmpeg by pausing its output, not with -re), no loop, no hardware decode.
 */
export function fileCamera(video: string, stallTimeoutMs: number): CameraConfig {
  return {
    name: CLASSIFY_CAMERA,
    enabled: true,
    source: {
      kind: 'file',
      url: path.resolve(video),
      realtime: false,
      loop: false,
      v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
      inputArgs: [],
      hwaccel: 'none',
    },
    stallTimeoutMs,
    // Every class: a timeline of a file is for looking at, not for a site's alert list.
    labels: [],
    head: '',
    modelLabels: true,
    // A timeline of a file covers all of it, still parts included.
    motion: { enabled: false, threshold: 20, minArea: 0.005, holdMs: 5000, masks: [] },
    regions: [],
    wholeFrame: true,
    // A timeline records nothing.
    record: { enabled: false, preCaptureS: 5, postCaptureS: 5, segmentS: 1, mode: 'auto' },
  };
}

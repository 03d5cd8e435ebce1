import { flag, integer, oneOf } from './leaves.js';
import { section } from './section.js';

/**
 * A camera's `record`: short segments of its stream kept in a rolling cache by its own ffmpeg
 * (no second camera connection), from which each event's clip is cut by stream copy.
 */
export const recordSection = section({
  enabled: flag(false, 'Cut a clip of every event of this camera from its recorded segments.'),
  pre_capture_s: integer(
    5,
    0,
    60,
    "Seconds of video kept before the event's first window (the clip starts at the keyframe at or before it).",
  ),
  post_capture_s: integer(5, 0, 60, 'Seconds of video kept after the event ends.'),
  segment_s: integer(
    1,
    1,
    10,
    "Length of the cached segments in seconds. A segment starts on a keyframe; when it is no longer than the camera's keyframe interval, every segment holds one keyframe and a clip starts at the keyframe at or before its wanted start.",
  ),
  mode: oneOf(
    'auto',
    ['auto', 'copy', 'encode'],
    "copy: store the camera's own stream without re-encoding (H.264/H.265 from rtsp, files, v4l2 with input_format h264); encode: H.264 with libx264 ultrafast (raw or MJPEG USB cameras, MJPEG over http); auto: copy for rtsp, file and v4l2 h264, encode for the others.",
  ),
});

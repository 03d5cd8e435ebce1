import { decimal, flag, integer, oneOf } from './leaves.js';
import { section } from './section.js';

/** `live`: the console's live view, a third low-rate output of each camera's own ffmpeg. */
export const liveSection = section({
  enabled: flag(
    true,
    'Encode a live view (MJPEG) of each camera for the web console, from the same ffmpeg.',
  ),
  fps: decimal(5, 0.5, 30, 'Live view frames per second.'),
  width: integer(640, 64, 3840, 'Live view width in pixels; never upscaled.'),
  h264: oneOf(
    'auto',
    ['auto', 'off'],
    "auto: where a camera's own stream can be copied (rtsp, files, v4l2 with input_format h264), its ffmpeg also passes it through, not re-encoded, as fragmented MP4 to the console's camera page, which plays it when it is H.264 and the browser can (else the MJPEG view); off: MJPEG only.",
  ),
});

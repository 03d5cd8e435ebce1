import { decimal, flag, integer } from './leaves.js';
import { section } from './section.js';

/** `live`: the console's live view, a third low-rate output of each camera's own ffmpeg. */
export const liveSection = section({
  enabled: flag(
    true,
    'Encode a live view (MJPEG) of each camera for the web console, from the same ffmpeg.',
  ),
  fps: decimal(5, 0.5, 30, 'Live view frames per second.'),
  width: integer(640, 64, 3840, 'Live view width in pixels; never upscaled.'),
});

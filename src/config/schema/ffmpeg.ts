import { text } from './leaves.js';
import { section } from './section.js';

/** `ffmpeg`: which binary decodes the cameras, and how it resizes. */

// Names libswscale 5.1 accepts in `flags`; anything else could smuggle ',' or ';' into the
// filter graph the scale flags are pasted into.
const SCALE_FLAG =
  '(fast_bilinear|bilinear|bicubic|experimental|neighbor|area|bicublin|gauss|sinc|lanczos|spline|accurate_rnd|full_chroma_int|full_chroma_inp|bitexact|error_diffusion)';
const SCALE_FLAGS = new RegExp(`^${SCALE_FLAG}(\\+${SCALE_FLAG})*$`);

export const ffmpegSection = section({
  path: text('', 'ffmpeg binary; empty = FFMPEG_PATH, then ffmpeg-static, then PATH.'),
  scale_flags: text(
    // Closest to torchvision's resize of all flags measured (models/README.md, Parity).
    'bilinear+full_chroma_inp',
    'libswscale flags for resizing, e.g. bilinear+full_chroma_inp, bicubic, area+accurate_rnd.',
    {
      pattern: SCALE_FLAGS,
      mismatch:
        'is not a list of libswscale flags joined by + (e.g. bilinear, bicubic, area+accurate_rnd)',
    },
  ),
});

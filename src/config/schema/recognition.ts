import { decimal, integer, oneOf } from './leaves.js';
import { section } from './section.js';

/** `recognition`: how often the model runs, and how its scores are smoothed over windows. */

const smoothing = section({
  method: oneOf(
    'mean',
    ['mean', 'ema'],
    'mean: average of the last `windows` windows; ema: exponential moving average.',
  ),
  windows: integer(3, 1, 50, 'Windows averaged by mean; 1 turns smoothing off.'),
  alpha: decimal(
    0.5,
    0.01,
    1,
    'ema: weight of the newest window, above 0 and at most 1 (1 turns smoothing off).',
  ),
});

export const recognitionSection = section({
  stride: integer(
    8,
    1,
    1024,
    'Run the model every `stride` sampled frames (at 7.5 fps, 8 = about once a second).',
  ),
  top_k: integer(5, 1, 20, 'How many best labels each result carries.'),
  smoothing,
});

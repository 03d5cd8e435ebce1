import * as z from 'zod';
import { type MotionMask, maskProblems } from '../../schedule/motion/index.js';
import { quoteValue } from '../redact.js';
import { decimal, flag, integer } from './leaves.js';
import { listOf, section } from './section.js';

/** A camera's `motion`: windows run only when something moved (the motion gate). */

const fraction = z.number({ error: (issue) => `must be a number, got ${quoteValue(issue.input)}` });

const rectangle = z.strictObject({ x: fraction, y: fraction, width: fraction, height: fraction });
const polygon = z.strictObject({ points: z.array(z.tuple([fraction, fraction])) });

const mask = z.union([rectangle, polygon], {
  error: (issue) =>
    `must be a rectangle {x, y, width, height} or a polygon {points: [[x, y], ...]}, got ${quoteValue(issue.input)}`,
});

export const motionSection = section({
  enabled: flag(
    true,
    'false: the camera opts out of motion gating and every window runs (always infer).',
  ),
  threshold: integer(
    20,
    1,
    254,
    'Luma change (0-255) a sampled pixel needs between two model frames to count as changed; below it is sensor noise.',
  ),
  min_area: decimal(
    0.005,
    0,
    1,
    'Fraction (above 0, at most 1) of the unmasked picture that must change for a frame to count as motion.',
  ),
  hold_ms: integer(
    5000,
    0,
    3_600_000,
    'Windows keep running this long after the last motion, so a pause in an action does not end its event.',
  ),
  masks: listOf(mask).default([]).meta({
    description:
      'Parts of the picture whose changes never count as motion (a TV, a tree, a clock): rectangles {x, y, width, height} or polygons {points: [[x, y], ...]}, in fractions (0 to 1) of the full camera frame.',
  }),
}).superRefine((motion, context) => {
  if (motion.min_area === 0) {
    context.addIssue({ code: 'custom', path: ['min_area'], message: 'must be above 0, got 0' });
  }
  // The gate's own checks word mask problems as `masks[i]...: message`.
  for (const problem of maskProblems(motion.masks as MotionMask[], 'masks')) {
    const colon = problem.indexOf(': ');
    context.addIssue({
      code: 'custom',
      path: pathOf(problem.slice(0, colon)),
      message: problem.slice(colon + 2),
    });
  }
});

/** `masks[0].points[2]` as zod path segments. */
function pathOf(text: string): PropertyKey[] {
  return [...text.matchAll(/([a-z_]+)|\[(\d+)\]/g)].map((match) =>
    match[1] !== undefined ? match[1] : Number(match[2]),
  );
}

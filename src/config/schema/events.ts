import { decimal, integer } from './leaves.js';
import { section } from './section.js';

/** `events`: when a label's smoothed score makes an action event (hysteresis: enter above exit). */
export const eventsSection = section({
  enter_score: decimal(0.5, 0, 1, 'A label starts an event once its smoothed score reaches this.'),
  exit_score: decimal(
    0.35,
    0,
    1,
    'An event holds while its score stays at or above this (at most enter_score).',
  ),
  min_duration_ms: integer(
    2000,
    0,
    3_600_000,
    'An event is announced only once its label has held this long.',
  ),
  max_gap_ms: integer(
    4000,
    0,
    3_600_000,
    'A drop below exit_score shorter than this still joins one event.',
  ),
}).superRefine((events, context) => {
  const report = (message: string) =>
    context.addIssue({ code: 'custom', path: ['exit_score'], message });
  // An exit above the enter score would flap.
  if (events.exit_score > events.enter_score) {
    report(`must be at most enter_score (${events.enter_score}), got ${events.exit_score}`);
  } else if (events.exit_score === 0) {
    // Every label scores above 0, so no event would ever end.
    report('must be above 0, got 0');
  }
});

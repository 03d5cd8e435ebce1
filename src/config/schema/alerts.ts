import type * as z from 'zod';
import { quoteValue } from '../redact.js';
import { decimal, integer, oneOf, stringList, text } from './leaves.js';
import { scheduleSection } from './schedule.js';
import { listOf, section } from './section.js';
import { TOPIC_SAFE_NAME } from './topicNames.js';

/**
 * `alerts`: rules that turn events into alerts. Items take nothing from the environment.
 * Camera names are checked against the cameras at load, labels against the model's and the
 * watched cameras' head labels when the daemon loads the model.
 */

export const alertRuleSection = section({
  name: text('', 'Topic-safe name: 1 to 64 of A-Z a-z 0-9 _ -.', {
    required: true,
    pattern: TOPIC_SAFE_NAME,
    mismatch:
      'is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level and part of Home Assistant ids)',
  }),
  cameras: stringList([], 'Camera names the rule watches; empty = all cameras.'),
  regions: stringList(
    [],
    "Region names the rule watches on its cameras; empty = every target (each camera's whole frame and all its regions).",
  ),
  labels: stringList(
    [],
    "Labels that raise the alert: the model's (canonical spelling) or those of a head of a camera the rule watches; empty = any label.",
  ),
  min_score: decimal(0.5, 0, 1, 'The event must have reached this score.'),
  min_duration_ms: integer(0, 0, 86_400_000, 'The event must have lasted this long.'),
  cooldown_ms: integer(
    60_000,
    0,
    604_800_000,
    'After an alert, the same rule stays quiet on the same camera this long.',
  ),
  severity: oneOf('warning', ['info', 'warning', 'critical'], 'info, warning or critical.'),
  schedule: scheduleSection,
});

type Rule = z.output<typeof alertRuleSection>;

export const alertsSection = listOf(alertRuleSection)
  .superRefine(checkNamesUnique)
  .default([])
  .meta({ description: 'Alert rules; each item is checked against the alert rule schema.' });

/** Compared without case, like camera names: Home Assistant lowercases entity ids. */
function checkNamesUnique(rules: Rule[], context: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    const key = rule.name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    context.addIssue({
      code: 'custom',
      path: [index, 'name'],
      message: `${quoteValue(rule.name)} is already used by alerts[${first}]`,
    });
  });
}

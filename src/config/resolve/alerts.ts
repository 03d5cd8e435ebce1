import { camelKeys } from '../camelKeys.js';
import type { ProblemList } from '../problems.js';
import { quoteValue } from '../redact.js';
import type { SectionValues } from '../sections.js';
import type { AlertRuleConfig, CameraConfig } from '../types.js';

/** The rules, each checked against the cameras it names: a rule on no camera never fires. */
export function resolveAlerts(
  rules: SectionValues['alerts'],
  cameras: readonly CameraConfig[],
  problems: ProblemList,
): AlertRuleConfig[] | undefined {
  const known = new Set(cameras.map((camera) => camera.name));
  const listed = [...known].map((name) => JSON.stringify(name)).join(', ');
  const before = problems.size;
  rules.forEach((rule, index) => {
    for (const name of rule.cameras.filter((camera) => !known.has(camera))) {
      problems.add(
        `alerts[${index}].cameras`,
        `${quoteValue(name)} is not a configured camera (cameras: ${listed})`,
      );
    }
  });
  return problems.size === before ? camelKeys(rules) : undefined;
}

import { checkWithConvict } from './convictCheck.js';
import type { FileAlertRule } from './fileTypes.js';
import type { ProblemList } from './problems.js';
import { alertRuleSchema } from './recognitionSchema.js';
import { quoteValue } from './redact.js';
import { buildSchedule } from './scheduleSection.js';
import { isMapping } from './shapeCheck.js';
import type { AlertRuleConfig, CameraConfig } from './types.js';

/**
 * `alerts`: every rule checked on its own (like cameras), then against the cameras it names.
 * Labels are checked against the model's labels when the daemon loads the model.
 */
export function buildAlertRules(
  items: unknown[],
  cameras: readonly CameraConfig[] | undefined,
  problems: ProblemList,
): AlertRuleConfig[] | undefined {
  const built = items.map((item, index) => buildRule(item, `alerts[${index}]`, cameras, problems));
  checkNamesUnique(built, problems);
  const rules = built.filter((rule): rule is AlertRuleConfig => rule !== undefined);
  return rules.length === items.length ? rules : undefined;
}

function buildRule(
  item: unknown,
  path: string,
  cameras: readonly CameraConfig[] | undefined,
  problems: ProblemList,
): AlertRuleConfig | undefined {
  if (!isMapping(item)) {
    problems.add(path, `must be a mapping of keys, got ${quoteValue(item)}`);
    return undefined;
  }
  // Rules take nothing from the environment: a variable could not say which rule it meant.
  const checked = checkWithConvict<FileAlertRule>(item, alertRuleSchema, path, {}, problems);
  const schedule = checked.isValid('schedule')
    ? buildSchedule(checked.values.schedule, `${path}.schedule`, problems)
    : undefined;
  const camerasKnown = checked.isValid('cameras')
    ? checkCameraNames(checked.values.cameras, `${path}.cameras`, cameras, problems)
    : false;
  const keys = ['name', 'labels', 'min_score', 'min_duration_ms', 'cooldown_ms', 'severity'];
  if (schedule === undefined || !camerasKnown || !checked.allValid(...keys)) return undefined;
  const rule = checked.values;
  return {
    name: rule.name,
    cameras: [...rule.cameras],
    labels: [...rule.labels],
    minScore: rule.min_score,
    minDurationMs: rule.min_duration_ms,
    cooldownMs: rule.cooldown_ms,
    severity: rule.severity,
    schedule,
  };
}

/** A rule naming a camera that does not exist would never fire: say so now. */
function checkCameraNames(
  names: string[],
  path: string,
  cameras: readonly CameraConfig[] | undefined,
  problems: ProblemList,
): boolean {
  // Without a valid camera list the cameras' own problems are already reported.
  if (cameras === undefined) return false;
  const known = new Set(cameras.map((camera) => camera.name));
  const unknown = names.filter((name) => !known.has(name));
  for (const name of unknown) {
    const listed = [...known].map((k) => JSON.stringify(k)).join(', ');
    problems.add(path, `${quoteValue(name)} is not a configured camera (cameras: ${listed})`);
  }
  return unknown.length === 0;
}

/** Compared without case, like camera names: Home Assistant lowercases entity ids. */
function checkNamesUnique(rules: (AlertRuleConfig | undefined)[], problems: ProblemList): void {
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (rule === undefined) return;
    const key = rule.name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    problems.add(
      `alerts[${index}].name`,
      `${quoteValue(rule.name)} is already used by alerts[${first}]`,
    );
  });
}

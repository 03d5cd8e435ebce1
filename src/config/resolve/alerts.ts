import type { ProblemList } from '../problems.js';
import { quoteValue } from '../redact.js';
import type { CameraConfig } from '../types.js';

/**
 * A rule naming a camera that does not exist would never fire: say so now. Read from the
 * rules as given, so it is reported beside the rule's other problems.
 */
export function checkRuleCameras(
  rules: unknown,
  cameras: readonly CameraConfig[],
  problems: ProblemList,
): boolean {
  if (!Array.isArray(rules)) return true;
  const known = new Set(cameras.map((camera) => camera.name));
  const listed = [...known].map((name) => JSON.stringify(name)).join(', ');
  const before = problems.size;
  rules.forEach((rule: unknown, index) => {
    const named = (rule as { cameras?: unknown } | null)?.cameras;
    if (!Array.isArray(named)) return;
    for (const name of named) {
      if (typeof name !== 'string' || known.has(name)) continue;
      problems.add(
        `alerts[${index}].cameras`,
        `${quoteValue(name)} is not a configured camera (cameras: ${listed})`,
      );
    }
  });
  return problems.size === before;
}

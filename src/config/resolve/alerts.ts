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
  rules.forEach((rule: unknown, index) => {
    checkRuleRegions(rule, index, cameras, problems);
  });
  return problems.size === before;
}

/** A rule scoped to a region that none of its cameras has would never fire either. */
function checkRuleRegions(
  rule: unknown,
  index: number,
  cameras: readonly CameraConfig[],
  problems: ProblemList,
): void {
  const { cameras: named, regions } = (rule ?? {}) as { cameras?: unknown; regions?: unknown };
  if (!Array.isArray(regions) || regions.length === 0) return;
  const watched =
    Array.isArray(named) && named.length > 0
      ? cameras.filter((camera) => named.includes(camera.name))
      : cameras;
  const known = new Set(watched.flatMap((camera) => camera.regions.map((region) => region.name)));
  const listed = [...known].map((name) => JSON.stringify(name)).join(', ') || 'none';
  for (const name of regions) {
    if (typeof name !== 'string' || known.has(name)) continue;
    problems.add(
      `alerts[${index}].regions`,
      `${quoteValue(name)} is not a region of the rule's cameras (regions: ${listed})`,
    );
  }
}

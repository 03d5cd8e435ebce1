import { isMapping } from './isMapping.js';
import type { ProblemList } from './problems.js';
import { fileSettings, type SectionName } from './schema/index.js';

/**
 * ACTIONWATCH_<PATH> variables win over the file (handy for secrets and containers). Each is
 * put into the file's values where the file would have it, so it is checked, and quoted in
 * messages, like a value from the file.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  sections: readonly SectionName[],
): Record<string, unknown> {
  const merged = structuredClone(raw);
  const given = fileSettings(sections).filter(
    (setting) => setting.env !== undefined && env[setting.env] !== undefined,
  );
  for (const { path, env: name = '', fromEnv } of given) {
    const text = env[name] ?? '';
    setAt(merged, path.split('.'), fromEnv ? fromEnv(text) : text);
  }
  // A secret from the environment wins over `<key>_file` too, wherever that was given.
  for (const { path } of given.filter((setting) => setting.sensitive)) {
    setAt(merged, `${path}_file`.split('.'), '');
  }
  return merged;
}

/** Creates missing (or empty: null) sections; leaves a section that is not a mapping alone. */
function setAt(target: Record<string, unknown>, keys: string[], value: unknown): void {
  const [key, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  target[key] ??= {};
  const inner = target[key];
  if (isMapping(inner)) setAt(inner, rest, value);
}

/** Registers every sensitive value the file or the environment gives, so no message shows it. */
export function hideSecrets(raw: Record<string, unknown>, problems: ProblemList): void {
  for (const setting of fileSettings()) {
    if (!setting.sensitive) continue;
    for (const value of valuesAt(raw, setting.path.split('.'))) {
      if (typeof value === 'string') problems.hideSecret(value);
    }
  }
}

/** The values at a settings path; `cameras[]` stands for every item. */
function valuesAt(value: unknown, keys: string[]): unknown[] {
  if (keys.length === 0) return [value];
  const [key = '', ...rest] = keys;
  if (!isMapping(value)) return [];
  if (!key.endsWith('[]')) return valuesAt(value[key], rest);
  const items = value[key.slice(0, -2)];
  return Array.isArray(items) ? items.flatMap((item) => valuesAt(item, rest)) : [];
}

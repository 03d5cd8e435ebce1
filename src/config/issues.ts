import type * as z from 'zod';
import type { ProblemList } from './problems.js';
import { quoteValue } from './redact.js';
import { keysAt } from './schema/section.js';

/**
 * Turns zod's issues into `path: message` problems, in the file's words: `cameras[0].name`,
 * one problem per unknown key (with a hint for a camelCase spelling of a known key), and
 * one problem per setting (the first thing wrong with it).
 */
export function reportIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  base: string,
  problems: ProblemList,
): void {
  const reported = new Set<string>();
  for (const issue of unknownKeysFirst(issues)) {
    for (const { path, message } of describeIssue(issue, schema, base)) {
      if (!reported.has(path)) problems.add(path, message);
      reported.add(path);
    }
  }
}

/**
 * zod reports a mapping's unknown keys after its known ones; they go before the checks that
 * relate keys (and the hand-written ones, such as times of day), since a misspelt key often
 * explains those, but after each key's own type and range problems, as convict listed them.
 */
function unknownKeysFirst(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const ordered = [...issues];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const firstCheck = ordered.findIndex(
      (other) => other.code === 'custom' && startsWith(other.path, issue.path),
    );
    if (firstCheck < 0 || firstCheck > ordered.indexOf(issue)) continue;
    ordered.splice(ordered.indexOf(issue), 1);
    ordered.splice(firstCheck, 0, issue);
  }
  return ordered;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  base: string,
): { path: string; message: string }[] {
  const where = displayPath(base, issue.path);
  if (issue.code !== 'unrecognized_keys') return [{ path: where, message: issue.message }];
  const known = keysAt(schema, issue.path);
  return issue.keys.map((key) => ({
    path: joinPath(where, key),
    message: `unknown key${suggestion(key, known)}`,
  }));
}

export function suggestion(key: string, knownKeys: readonly string[]): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  const match = knownKeys.find((known) => known === snake && known !== key);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `base.key`, or `base["odd key"]` where the key would make the path ambiguous. */
export function joinPath(base: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${base}[${quoteValue(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

function displayPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (shown, segment) =>
      typeof segment === 'number' ? `${shown}[${segment}]` : joinPath(shown, String(segment)),
    base,
  );
}

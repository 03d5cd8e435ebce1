import * as z from 'zod';
import { quoteValue } from '../redact.js';

/**
 * Builders for one setting: its type, default, range and doc in one call. Messages quote the
 * bad value (never a sensitive one) in the words the configuration tests and the README use;
 * zod's own wording ("expected int, received string") would not say what range is allowed.
 * Defaults are zod prefaults: checked like a given value, so a required key left out (a
 * camera without a name) is reported instead of taking its empty default.
 */

export interface SettingMeta {
  /** What the setting does; the example configuration documents every one of these. */
  description: string;
  /** A secret: error messages never quote it. */
  sensitive?: boolean;
  /** Environment values are strings: how this setting reads one (default: as is). */
  fromEnv?: (text: string) => unknown;
}

declare module 'zod' {
  interface GlobalMeta extends Omit<SettingMeta, 'description'> {}
}

function shown(value: unknown, sensitive = false): string {
  if (!sensitive) return quoteValue(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value} (value hidden)`;
}

function rangeText(min: number, max: number): string {
  return ` from ${min} to ${max}`;
}

// Environment values turn into numbers and booleans only when they read cleanly; anything
// else stays text, so the message quotes what was actually given.
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const numberFromEnv = (pattern: RegExp) => (text: string) =>
  pattern.test(text.trim()) ? Number(text) : text;

function booleanFromEnv(text: string): unknown {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  return lower === 'false' ? false : text;
}

export function integer(defaultValue: number, min: number, max: number, doc: string) {
  const error = (issue: { input: unknown }) =>
    `must be an integer${rangeText(min, max)}, got ${shown(issue.input)}`;
  return z
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .prefault(defaultValue)
    .meta({ description: doc, fromEnv: numberFromEnv(INTEGER_TEXT) });
}

export function decimal(defaultValue: number, min: number, max: number, doc: string) {
  const error = (issue: { input: unknown }) =>
    `must be a number${rangeText(min, max)}, got ${shown(issue.input)}`;
  return z
    .number({ error })
    .min(min, { error })
    .max(max, { error })
    .prefault(defaultValue)
    .meta({ description: doc, fromEnv: numberFromEnv(NUMBER_TEXT) });
}

/** One of a few integers (a protocol version), typed as their union. */
export function integerOf<const T extends readonly [number, ...number[]]>(
  defaultValue: T[number],
  values: T,
  doc: string,
) {
  const error = (issue: { input: unknown }) =>
    `must be an integer from ${Math.min(...values)} to ${Math.max(...values)}, got ${shown(issue.input)}`;
  return z
    .literal(values, { error })
    .prefault(defaultValue)
    .meta({ description: doc, fromEnv: numberFromEnv(INTEGER_TEXT) });
}

export function flag(defaultValue: boolean, doc: string) {
  return z
    .boolean({ error: (issue) => `must be true or false, got ${shown(issue.input)}` })
    .prefault(defaultValue)
    .meta({ description: doc, fromEnv: booleanFromEnv });
}

/** true, false or unset (null): the default then depends on other settings. */
export function optionalFlag(doc: string) {
  return z
    .boolean({ error: (issue) => `must be true or false, got ${shown(issue.input)}` })
    .nullable()
    .default(null)
    .meta({ description: doc, fromEnv: booleanFromEnv });
}

interface TextRules {
  sensitive?: boolean;
  /** The empty string is refused with "is required". */
  required?: boolean;
  pattern?: RegExp;
  /** Completes `<quoted value> ...` when `pattern` does not match. */
  mismatch?: string;
}

export function text(defaultValue: string, doc: string, rules: TextRules = {}) {
  const { sensitive = false, required = false, pattern, mismatch } = rules;
  let schema = z.string({
    error: (issue) => `must be a string, got ${shown(issue.input, sensitive)}`,
  });
  if (required) schema = schema.min(1, { error: 'is required' });
  if (pattern) {
    schema = schema.regex(pattern, {
      error: (issue) =>
        `${shown(issue.input, sensitive)} ${mismatch ?? `does not match ${pattern}`}`,
    });
  }
  return schema.prefault(defaultValue).meta({ description: doc, sensitive });
}

function listOfValues(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

export function oneOf<const T extends readonly [string, ...string[]]>(
  defaultValue: T[number],
  values: T,
  doc: string,
) {
  return z
    .enum(values, {
      error: (issue) => `must be one of ${listOfValues(values)}, got ${shown(issue.input)}`,
    })
    .prefault(defaultValue)
    .meta({ description: doc });
}

interface ListRules<T extends string> {
  /** Allowed items. */
  values?: readonly T[];
  /** Refuse an empty list. */
  nonEmpty?: boolean;
  /** Also given as one comma-separated string (ACTIONWATCH_MODEL_PROVIDERS=cuda,cpu). */
  commaSeparated?: boolean;
}

/** The first thing wrong with a list of strings, or undefined. */
function listProblem<T extends string>(value: unknown, rules: ListRules<T>): string | undefined {
  if (!Array.isArray(value)) return `must be a list of strings, got ${shown(value)}`;
  if (rules.nonEmpty && value.length === 0) return 'must not be empty';
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'string') return `item ${index} must be a string, got ${shown(entry)}`;
    // spawn() refuses argv entries holding NUL; say so here instead of at camera start.
    if (entry.includes('\0')) return `item ${index} contains a NUL character`;
    if (rules.values && !rules.values.includes(entry as T)) {
      return `item ${index} ${shown(entry)} is not one of ${listOfValues(rules.values)}`;
    }
    if (value.indexOf(entry) !== index) return `lists ${shown(entry)} twice`;
  }
  return undefined;
}

function splitNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Distinct strings, e.g. labels or ffmpeg arguments (never split on commas: filter graphs). */
export function stringList<T extends string = string>(
  defaultValue: NoInfer<T>[],
  doc: string,
  rules: ListRules<T> = {},
) {
  // A refinement of any value rather than z.custom: z.custom's issue would keep the checks
  // of the enclosing mapping (e.g. a source's credentials) from running beside it.
  const list = z
    .any()
    .superRefine((value, context) => {
      const problem = listProblem(value, rules);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value as T[]);
  const fromText = (value: unknown) => (typeof value === 'string' ? splitNames(value) : value);
  return (rules.commaSeparated ? z.preprocess(fromText, list) : list)
    .prefault(defaultValue)
    .meta({ description: doc });
}

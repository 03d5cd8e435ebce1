import type convict from 'convict';
import { quoteValue } from './redact.js';

/**
 * convict formats for this project. convict's built-in ones neither quote falsy values nor
 * know ranges, so these read their limits from the schema item (min, max, values, pattern)
 * and write messages that quote the bad value — unless the item is `sensitive`.
 */
export interface FormatOptions {
  min?: number;
  max?: number;
  /** Allowed values (enums, list items). */
  values?: readonly string[];
  pattern?: RegExp;
  /** Completes `<quoted value> ...` when `pattern` does not match. */
  mismatch?: string;
  /** The empty string is refused with "is required". */
  required?: boolean;
  /** Lists: refuse an empty list. */
  nonEmpty?: boolean;
  sensitive?: boolean;
}

type Item = FormatOptions & Partial<convict.SchemaObj>;

function shown(value: unknown, item: Item): string {
  if (!item.sensitive) return quoteValue(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value} (value hidden)`;
}

function rangeText(item: Item): string {
  const { min, max } = item;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  return max !== undefined ? ` <= ${max}` : '';
}

function checkRange(value: number, noun: string, item: Item): void {
  const tooLow = item.min !== undefined && value < item.min;
  const tooHigh = item.max !== undefined && value > item.max;
  if (tooLow || tooHigh) throw new Error(`must be ${noun}${rangeText(item)}, got ${value}`);
}

function validateString(value: unknown, item: Item): void {
  if (typeof value !== 'string') throw new Error(`must be a string, got ${shown(value, item)}`);
  if (item.required && value === '') throw new Error('is required');
  if (item.pattern && !item.pattern.test(value)) {
    throw new Error(`${shown(value, item)} ${item.mismatch ?? `does not match ${item.pattern}`}`);
  }
}

function validateInteger(value: unknown, item: Item): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`must be an integer${rangeText(item)}, got ${shown(value, item)}`);
  }
  checkRange(value, 'an integer', item);
}

function validateNumber(value: unknown, item: Item): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`must be a number${rangeText(item)}, got ${shown(value, item)}`);
  }
  checkRange(value, 'a number', item);
}

function validateBoolean(value: unknown, item: Item): void {
  if (typeof value !== 'boolean')
    throw new Error(`must be true or false, got ${shown(value, item)}`);
}

function listOfValues(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function validateEnum(value: unknown, item: Item): void {
  const values = item.values ?? [];
  if (typeof value !== 'string' || !values.includes(value)) {
    throw new Error(`must be one of ${listOfValues(values)}, got ${shown(value, item)}`);
  }
}

function validateStringList(value: unknown, item: Item): void {
  if (!Array.isArray(value))
    throw new Error(`must be a list of strings, got ${shown(value, item)}`);
  if (item.nonEmpty && value.length === 0) throw new Error('must not be empty');
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') {
      throw new Error(`item ${index} must be a string, got ${shown(entry, item)}`);
    }
    // spawn() refuses argv entries holding NUL; say so here instead of at camera start.
    if (entry.includes('\0')) throw new Error(`item ${index} contains a NUL character`);
    if (item.values && !item.values.includes(entry)) {
      throw new Error(
        `item ${index} ${shown(entry, item)} is not one of ${listOfValues(item.values)}`,
      );
    }
    if (value.indexOf(entry) !== index) throw new Error(`lists ${shown(entry, item)} twice`);
  });
}

function validateList(value: unknown, item: Item): void {
  if (!Array.isArray(value)) throw new Error(`must be a list, got ${shown(value, item)}`);
}

// Environment variables are always strings: turn the ones that read cleanly into numbers and
// booleans, and leave the rest as they are so the check quotes what was actually given.
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function toInteger(text: string): unknown {
  return INTEGER_TEXT.test(text.trim()) ? Number(text) : text;
}

function toNumber(text: string): unknown {
  return NUMBER_TEXT.test(text.trim()) ? Number(text) : text;
}

function toBoolean(text: string): unknown {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  return lower === 'false' ? false : text;
}

function toNameList(text: string): unknown {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

export const FORMAT = {
  string: 'actionwatch-string',
  integer: 'actionwatch-integer',
  number: 'actionwatch-number',
  boolean: 'actionwatch-boolean',
  enum: 'actionwatch-enum',
  /** Comma-separated in the environment, e.g. ACTIONWATCH_MODEL_PROVIDERS=cuda,cpu. */
  nameList: 'actionwatch-name-list',
  /** ffmpeg arguments: never split on commas, they may hold filter graphs. */
  argList: 'actionwatch-arg-list',
  list: 'actionwatch-list',
} as const;

export const CONVICT_FORMATS: Record<string, convict.Format> = {
  [FORMAT.string]: { validate: validateString },
  [FORMAT.integer]: { validate: validateInteger, coerce: toInteger },
  [FORMAT.number]: { validate: validateNumber, coerce: toNumber },
  [FORMAT.boolean]: { validate: validateBoolean, coerce: toBoolean },
  [FORMAT.enum]: { validate: validateEnum },
  [FORMAT.nameList]: { validate: validateStringList, coerce: toNameList },
  [FORMAT.argList]: { validate: validateStringList },
  [FORMAT.list]: { validate: validateList },
};

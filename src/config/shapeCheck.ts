import { CONVICT_FORMATS } from './formats.js';
import type { ProblemList } from './problems.js';
import { quoteValue } from './redact.js';
import { isLeaf, type SchemaLeaf, type SchemaSection } from './schemaNodes.js';

/**
 * Runs before convict, because convict turns some shapes into confusing messages (a section
 * given as a scalar reads as "param missing, did you override its parent?") and silently
 * skips others (`__proto__`). What is reported here is dropped from the input.
 */

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base.key`, or `base["odd key"]` where the key would make the path ambiguous. */
export function joinPath(base: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${base}[${quoteValue(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

export interface ShapeResult {
  cleaned: Record<string, unknown>;
  /** Dotted paths, relative to the checked object, whose value was dropped. */
  droppedPaths: string[];
}

export function checkShape(
  input: Record<string, unknown>,
  schema: SchemaSection,
  basePath: string,
  problems: ProblemList,
): ShapeResult {
  const droppedPaths: string[] = [];
  const cleaned = walkSection(input, schema, { basePath, relative: '' }, problems, droppedPaths);
  return { cleaned, droppedPaths };
}

interface Where {
  basePath: string;
  relative: string;
}

function walkSection(
  input: Record<string, unknown>,
  schema: SchemaSection,
  where: Where,
  problems: ProblemList,
  droppedPaths: string[],
): Record<string, unknown> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const inner = {
      basePath: joinPath(where.basePath, key),
      relative: joinPath(where.relative, key),
    };
    if (!PLAIN_KEY.test(key) || RESERVED_KEYS.has(key)) {
      problems.add(inner.basePath, 'unknown key');
      continue;
    }
    const node = Object.hasOwn(schema, key) ? schema[key] : undefined;
    const kept = node === undefined ? value : checkNode(value, node, inner, problems, droppedPaths);
    if (kept !== DROP) cleaned[key] = kept;
  }
  return cleaned;
}

const DROP = Symbol('drop');

function checkNode(
  value: unknown,
  node: SchemaSection | SchemaLeaf,
  where: Where,
  problems: ProblemList,
  droppedPaths: string[],
): unknown {
  if (isLeaf(node)) {
    if (!isMapping(value)) return value;
    problems.add(where.basePath, leafMessage(value, node));
  } else {
    // An empty YAML section (`mqtt:` with every key commented out) reads as null: defaults.
    if (value === null || value === undefined) return DROP;
    if (isMapping(value)) return walkSection(value, node, where, problems, droppedPaths);
    problems.add(where.basePath, `must be a mapping of keys, got ${quoteValue(value)}`);
  }
  droppedPaths.push(where.relative);
  return DROP;
}

/** The leaf's own format explains what it wanted instead of the mapping it got. */
function leafMessage(value: unknown, leaf: SchemaLeaf): string {
  const format = typeof leaf.format === 'string' ? CONVICT_FORMATS[leaf.format] : undefined;
  try {
    format?.validate?.(value, leaf);
  } catch (error) {
    return (error as Error).message;
  }
  return `must not be a mapping, got ${leaf.sensitive ? 'one' : quoteValue(value)}`;
}

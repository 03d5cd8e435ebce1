import { readFileSync } from 'node:fs';
import { FieldReader, isPlainObject } from '../cardFields.js';
import type { BackboneIdentity } from './backbone.js';

/** The only head format this code reads; `actionwatch teach` writes it. */
export const HEAD_FORMAT = 'actionwatch-head/1';

/**
 * Classes taught on a model's clip embedding: a multinomial logistic regression over
 * standardized embeddings. `labels` include the background class (windows with none of the
 * actions); scores are softmax(weights · ((embedding − mean) / std) + bias).
 */
export interface TaughtHead {
  name: string;
  labels: readonly string[];
  background: string;
  backbone: BackboneIdentity;
  mean: Float64Array;
  std: Float64Array;
  /** labels × embedding size, row by row. */
  weights: Float64Array;
  bias: Float64Array;
  /** Per action label, the score at which cross-validation reached `precisionTarget`; null when it never did. */
  thresholds: Record<string, number | null>;
  precisionTarget: number;
  /** What it was taught from, for people reading the file; not used to score. */
  training: Record<string, unknown>;
}

export function loadHead(path: string): TaughtHead {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read head: ${(err as Error).message}`);
  }
  return parseHead(json, path);
}

/** Validates every field; all problems in one error naming the file. */
export function parseHead(json: unknown, path: string): TaughtHead {
  if (!isPlainObject(json)) throw new Error(`${path}: invalid head: must be a JSON object`);
  const fields = new FieldReader(json);
  if (json.format !== HEAD_FORMAT)
    fields.problem('format', `must be '${HEAD_FORMAT}'`, json.format);
  const head = readHead(fields, json);
  checkShapes(head, fields);
  if (fields.problems.length > 0) {
    throw new Error(`${path}: invalid head: ${fields.problems.join('; ')}`);
  }
  return head;
}

function readHead(fields: FieldReader, json: Record<string, unknown>): TaughtHead {
  const backbone = fields.child('backbone');
  const normalization = fields.child('normalization');
  return {
    name: fields.string('name'),
    labels: numbersOrStrings(fields, json, 'labels', 'string') as string[],
    background: fields.string('background'),
    backbone: {
      name: backbone.string('name'),
      architecture: backbone.string('architecture'),
      weights: backbone.string('weights'),
      weightsSha256: backbone.stringOrNull('weights_sha256'),
      seed: backbone.integerOrNull('seed'),
      embeddingSize: backbone.positiveInteger('embedding_size'),
    },
    mean: Float64Array.from(vector(normalization, json.normalization, 'mean')),
    std: Float64Array.from(vector(normalization, json.normalization, 'std')),
    weights: Float64Array.from(matrixRows(fields, json.weights)),
    bias: Float64Array.from(numbersOrStrings(fields, json, 'bias', 'number') as number[]),
    thresholds: isPlainObject(json.thresholds)
      ? (json.thresholds as Record<string, number | null>)
      : {},
    precisionTarget: typeof json.precision_target === 'number' ? json.precision_target : 0,
    training: isPlainObject(json.training) ? json.training : {},
  };
}

function numbersOrStrings(
  fields: FieldReader,
  json: Record<string, unknown>,
  key: string,
  kind: 'number' | 'string',
): unknown[] {
  const value = json[key];
  if (Array.isArray(value) && value.every((v) => isKind(v, kind))) return value;
  fields.problem(key, `must be a list of ${kind}s`, typeof value === 'object' ? '…' : value);
  return [];
}

function isKind(v: unknown, kind: 'number' | 'string'): boolean {
  return kind === 'number'
    ? typeof v === 'number' && Number.isFinite(v)
    : typeof v === 'string' && v !== '';
}

function vector(fields: FieldReader, parent: unknown, key: string): number[] {
  return isPlainObject(parent) ? (numbersOrStrings(fields, parent, key, 'number') as number[]) : [];
}

function matrixRows(fields: FieldReader, value: unknown): number[] {
  if (
    Array.isArray(value) &&
    value.every((row) => Array.isArray(row) && row.every((v) => isKind(v, 'number')))
  ) {
    return (value as number[][]).flat();
  }
  fields.problem('weights', 'must be a list of rows of numbers, one per label', '…');
  return [];
}

function checkShapes(head: TaughtHead, fields: FieldReader): void {
  const size = head.backbone.embeddingSize;
  const classes = head.labels.length;
  if (classes < 2) fields.problem('labels', 'must name at least two classes', head.labels);
  if (new Set(head.labels).size !== classes)
    fields.problem('labels', 'must be distinct', head.labels);
  if (!head.labels.includes(head.background)) {
    fields.problem('background', 'must be one of the labels', head.background);
  }
  const expect = (key: string, got: number, want: number) => {
    if (got !== want)
      fields.problem(key, `must have ${want} values (labels × embedding size)`, got);
  };
  expect('normalization.mean', head.mean.length, size);
  expect('normalization.std', head.std.length, size);
  expect('weights', head.weights.length, classes * size);
  expect('bias', head.bias.length, classes);
  if (head.std.some((s) => !(s > 0))) fields.problem('normalization.std', 'must be positive', '…');
}

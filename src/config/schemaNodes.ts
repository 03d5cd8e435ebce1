import type convict from 'convict';
import { FORMAT, type FormatOptions } from './formats.js';

/** One leaf of a convict schema, with the limits our formats read. */
export type SchemaLeaf = convict.SchemaObj & FormatOptions;
/** A section: keys to further sections or leaves. */
export interface SchemaSection {
  [key: string]: SchemaSection | SchemaLeaf;
}

export function isLeaf(node: SchemaSection | SchemaLeaf): node is SchemaLeaf {
  return Object.hasOwn(node, 'default');
}

type Extra = Omit<Partial<SchemaLeaf>, 'default' | 'doc' | 'format'>;

export function text(defaultValue: string, doc: string, extra: Extra = {}): SchemaLeaf {
  return { doc, format: FORMAT.string, default: defaultValue, ...extra };
}

export function integer(
  defaultValue: number,
  range: { min: number; max?: number },
  doc: string,
  extra: Extra = {},
): SchemaLeaf {
  return { doc, format: FORMAT.integer, default: defaultValue, ...range, ...extra };
}

export function decimal(
  defaultValue: number,
  range: { min: number; max: number },
  doc: string,
): SchemaLeaf {
  return { doc, format: FORMAT.number, default: defaultValue, ...range };
}

export function flag(defaultValue: boolean | null, doc: string, extra: Extra = {}): SchemaLeaf {
  return { doc, format: FORMAT.boolean, default: defaultValue, ...extra };
}

export function oneOf(
  defaultValue: string,
  values: readonly string[],
  doc: string,
  extra: Extra = {},
): SchemaLeaf {
  return { doc, format: FORMAT.enum, default: defaultValue, values, ...extra };
}

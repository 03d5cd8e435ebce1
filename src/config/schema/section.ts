import * as z from 'zod';
import { quoteValue } from '../redact.js';
import type { SettingMeta } from './leaves.js';

/**
 * A section of the file: a mapping whose keys are all declared (an unknown key is an error,
 * so a typo cannot silently turn a setting back to its default). An empty YAML section
 * (`mqtt:` with every key commented out) reads as null and means "all defaults".
 */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const mapping = z.strictObject(shape, {
    error: (issue) => `must be a mapping of keys, got ${quoteValue(issue.input)}`,
  });
  // prefault: the empty mapping is checked like a given one, so every default fills in.
  return z.preprocess(
    (value) => value ?? undefined,
    mapping.prefault({} as z.input<typeof mapping>),
  );
}

/** A list of mappings (cameras, alert rules, schedule windows). */
export function listOf<Item extends z.ZodType>(item: Item) {
  return z.array(item, { error: (issue) => `must be a list, got ${quoteValue(issue.input)}` });
}

export interface Setting extends SettingMeta {
  /** As written in the file: `mqtt.keepalive_s`, `cameras[].source.url`. */
  path: string;
  /** ACTIONWATCH_<PATH>; undefined inside lists, where a variable could not say which item. */
  env: string | undefined;
  schema: z.ZodType;
}

/** Every setting of a schema, walked in declaration order, lists included. */
export function settingsOf(schema: z.ZodType, path = '', inList = false): Setting[] {
  const meta = z.globalRegistry.get(schema);
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as z.ZodRawShape).flatMap(([key, child]) =>
      settingsOf(child as z.ZodType, path === '' ? key : `${path}.${key}`, inList),
    );
  }
  // Lists of mappings take no variable either: it could not say which item it meant.
  const env = inList || inner instanceof z.ZodArray ? undefined : envName(path);
  const setting: Setting[] =
    meta?.description === undefined ? [] : [{ ...(meta as SettingMeta), path, env, schema }];
  if (inner instanceof z.ZodArray) {
    return [...setting, ...settingsOf(inner.element as z.ZodType, `${path}[]`, true)];
  }
  return setting;
}

export function envName(path: string): string {
  return `ACTIONWATCH_${path.replaceAll('.', '_').toUpperCase()}`;
}

/** The schema under defaults, preprocessing and transforms. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as {
    type: string;
    innerType?: z.ZodType;
    in?: z.ZodType;
    out?: z.ZodType;
  };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in && def.out) {
    return unwrap(def.in._zod.def.type === 'transform' ? def.out : def.in);
  }
  return schema;
}

/** The keys a mapping at `path` (zod's path segments) declares; [] where there is none. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodArray && typeof segment === 'number') {
      node = unwrap(node.element as z.ZodType);
    } else if (node instanceof z.ZodObject && typeof segment === 'string') {
      const child = (node.shape as z.ZodRawShape)[segment];
      if (child === undefined) return [];
      node = unwrap(child as z.ZodType);
    } else {
      return [];
    }
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/**
 * A secret is given as `<key>` or as `<key>_file`, not both. Checked beside any other problem
 * of the section: it needs nothing else. (Its environment variable replaces both.)
 */
export function secretGivenOnce(key: string) {
  return z.superRefine<unknown>(
    (values, context) => {
      if (typeof values !== 'object' || values === null) return;
      const given = (name: string) => {
        const value = (values as Record<string, unknown>)[name];
        return typeof value === 'string' && value !== '';
      };
      if (given(key) && given(`${key}_file`)) {
        context.addIssue({
          code: 'custom',
          path: [`${key}_file`],
          message: `give either ${key} or ${key}_file, not both`,
        });
      }
    },
    { when: () => true },
  );
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSettings } from '../../src/config/schema/index.js';

const example = readFileSync(
  resolve(import.meta.dirname, '../../config/actionwatch.example.yml'),
  'utf8',
);
const settings = fileSettings();

/** `key:` as a line of its own, maybe commented out or as the first key of a list item. */
function documents(key: string): boolean {
  return new RegExp(`^\\s*(# ?)?(- )?${key}:`, 'm').test(example);
}

describe('config/actionwatch.example.yml documents the schema', () => {
  it.each(settings.map((setting) => [setting.path, setting.path.split('.').at(-1) ?? '']))(
    'shows %s',
    (_path, key) => {
      expect(documents(key.replace('[]', ''))).toBe(true);
    },
  );

  it.each(settings.filter((setting) => setting.env !== undefined).map((s) => [s.env]))(
    'lists the environment variable %s',
    (name) => {
      expect(example).toContain(name);
    },
  );
});

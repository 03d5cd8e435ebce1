import { describe, expect, it } from 'vitest';
import { cameraSchema } from '../../src/config/cameraSchema.js';
import { topLevelSchema } from '../../src/config/schema.js';
import { isLeaf, type SchemaLeaf, type SchemaSection } from '../../src/config/schemaNodes.js';

function leaves(section: SchemaSection, prefix = ''): [string, SchemaLeaf][] {
  return Object.entries(section).flatMap(([key, node]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isLeaf(node) ? [[path, node] as [string, SchemaLeaf]] : leaves(node, path);
  });
}

const topLeaves = leaves(topLevelSchema('testhost'));

describe('schema', () => {
  it.each([...topLeaves, ...leaves(cameraSchema, 'cameras[]')])(
    '%s has a doc and a format',
    (_path, leaf) => {
      expect(leaf.doc?.length ?? 0).toBeGreaterThan(10);
      expect(typeof leaf.format).toBe('string');
    },
  );

  // Lists of items (cameras, alert rules) have no environment override: a variable could not
  // say which item it meant.
  it.each(topLeaves.filter(([path]) => path !== 'cameras' && path !== 'alerts'))(
    '%s is overridden by the environment variable named after its path',
    (path, leaf) => {
      expect(leaf.env).toBe(`ACTIONWATCH_${path.replaceAll('.', '_').toUpperCase()}`);
    },
  );

  it('marks exactly the passwords and the HTTP token as sensitive', () => {
    const sensitive = [...topLeaves, ...leaves(cameraSchema, 'cameras[]')]
      .filter(([, leaf]) => leaf.sensitive)
      .map(([path]) => path);
    expect(sensitive).toEqual(['mqtt.password', 'http.token', 'cameras[].source.password']);
  });
});

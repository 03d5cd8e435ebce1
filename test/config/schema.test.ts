import { describe, expect, it } from 'vitest';
import { fileSettings } from '../../src/config/schema/index.js';

const settings = fileSettings().map((setting) => [setting.path, setting] as const);
const outsideLists = settings.filter(([path]) => !path.includes('[]'));

describe('schema', () => {
  it.each(settings)('%s has a doc and a type', (_path, setting) => {
    expect(setting.description.length).toBeGreaterThan(10);
    expect(setting.schema._zod.def.type).toBeTypeOf('string');
  });

  // Lists of items (cameras, alert rules) have no environment override: a variable could not
  // say which item it meant.
  it.each(outsideLists.filter(([path]) => path !== 'cameras' && path !== 'alerts'))(
    '%s is overridden by the environment variable named after its path',
    (path, setting) => {
      expect(setting.env).toBe(`ACTIONWATCH_${path.replaceAll('.', '_').toUpperCase()}`);
    },
  );

  it('gives items of lists, and the lists themselves, no environment variable', () => {
    const listPaths = settings.filter(
      ([path]) => path === 'cameras' || path === 'alerts' || path.includes('[]'),
    );
    expect(listPaths.length).toBeGreaterThan(10);
    for (const [, setting] of listPaths) expect(setting.env).toBeUndefined();
  });

  it('marks exactly the passwords and the HTTP token as sensitive', () => {
    const sensitive = settings.filter(([, setting]) => setting.sensitive).map(([path]) => path);
    expect(sensitive).toEqual(['mqtt.password', 'http.token', 'cameras[].source.password']);
  });
});

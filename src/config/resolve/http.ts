import { camelKeys } from '../camelKeys.js';
import type { SectionValues } from '../sections.js';
import type { HttpConfig } from '../types.js';
import type { ResolveContext } from './context.js';
import { resolveSecret } from './secret.js';

/** The http section with its token read; same precedence as the MQTT password. */
export function resolveHttp(
  http: SectionValues['http'],
  context: ResolveContext,
): HttpConfig | undefined {
  const token = resolveSecret(
    {
      filePath: 'http.token_file',
      value: http.token,
      file: http.token_file,
    },
    context,
  );
  if (token === undefined) return undefined;
  const { tokenFile: _, ...rest } = camelKeys(http);
  return { ...rest, token };
}

import { readSecretFile } from './files.js';
import type { FileTopLevel } from './fileTypes.js';
import type { SectionContext } from './mqttSection.js';
import type { CheckedValues } from './problems.js';
import type { HealthConfig, HttpConfig, OutboxConfig } from './types.js';

type Checked = CheckedValues<FileTopLevel>;

const TOKEN_ENV = 'ACTIONWATCH_HTTP_TOKEN';

/** The http section with its token resolved. Undefined after reporting a problem. */
export function resolveHttp(checked: Checked, context: SectionContext): HttpConfig | undefined {
  const token = resolveToken(checked, context);
  if (token === undefined || !checked.allValid('http.enabled', 'http.host', 'http.port')) {
    return undefined;
  }
  const { http } = checked.values;
  return { enabled: http.enabled, host: http.host, port: http.port, token };
}

/** Same precedence as the MQTT password: the environment, then token_file, then token. */
function resolveToken(checked: Checked, context: SectionContext): string | undefined {
  if (!checked.allValid('http.token', 'http.token_file')) return undefined;
  const { token, token_file: tokenFile } = checked.values.http;
  context.problems.hideSecret(token);
  if (context.env[TOKEN_ENV] !== undefined || tokenFile === '') return token;
  if (token !== '') {
    context.problems.add('http.token_file', 'give either token or token_file, not both');
    return undefined;
  }
  const read = readSecretFile(context.cwd, tokenFile);
  if ('secret' in read) {
    context.problems.hideSecret(read.secret);
    return read.secret;
  }
  context.problems.add('http.token_file', read.problem);
  return undefined;
}

export function resolveOutbox(checked: Checked): OutboxConfig | undefined {
  if (!checked.allValid('outbox.max_messages', 'outbox.max_bytes')) return undefined;
  const { outbox } = checked.values;
  return { maxMessages: outbox.max_messages, maxBytes: outbox.max_bytes };
}

export function resolveHealth(checked: Checked): HealthConfig | undefined {
  if (!checked.allValid('health.inference_timeout_ms')) return undefined;
  return { inferenceTimeoutMs: checked.values.health.inference_timeout_ms };
}

/** The three sections together, so loading wires them in with one line. */
export function resolveOperations(
  checked: Checked,
  context: SectionContext,
): { http: HttpConfig; outbox: OutboxConfig; health: HealthConfig } | undefined {
  const http = resolveHttp(checked, context);
  const outbox = resolveOutbox(checked);
  const health = resolveHealth(checked);
  return http && outbox && health ? { http, outbox, health } : undefined;
}

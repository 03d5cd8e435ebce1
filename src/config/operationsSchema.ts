import { flag, integer, type SchemaSection, text } from './schemaNodes.js';

/**
 * What unattended operation needs: the local HTTP endpoint (health, metrics, status), the
 * bounds of the on-disk outbox of events and alerts, and when the daemon counts as hung.
 */

// An IPv4/IPv6 literal or a host name; a scheme, port or path here is a common mistake.
const BIND_HOST = /^([A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/;

export const httpSchema: SchemaSection = {
  enabled: flag(true, 'Serve /healthz, /readyz, /metrics and /api/cameras over HTTP.', {
    env: 'ACTIONWATCH_HTTP_ENABLED',
  }),
  host: text(
    '127.0.0.1',
    'Address to listen on. The default keeps it on this machine; 0.0.0.0 exposes it (set a token).',
    {
      env: 'ACTIONWATCH_HTTP_HOST',
      required: true,
      pattern: BIND_HOST,
      mismatch: 'is not an IP address or host name (no scheme, port or path)',
    },
  ),
  port: integer(8970, { min: 1, max: 65535 }, 'TCP port to listen on.', {
    env: 'ACTIONWATCH_HTTP_PORT',
  }),
  token: text(
    '',
    'Bearer token every request must carry (Authorization: Bearer ...); empty = none. Prefer token_file or ACTIONWATCH_HTTP_TOKEN.',
    { env: 'ACTIONWATCH_HTTP_TOKEN', sensitive: true },
  ),
  token_file: text(
    '',
    'File holding the bearer token (trailing newline ignored). ACTIONWATCH_HTTP_TOKEN wins over it.',
    { env: 'ACTIONWATCH_HTTP_TOKEN_FILE' },
  ),
};

export const outboxSchema: SchemaSection = {
  max_messages: integer(
    10_000,
    { min: 1, max: 10_000_000 },
    'Most undelivered events and alerts kept on disk while the broker is away; beyond it the oldest are dropped (counted and logged).',
    { env: 'ACTIONWATCH_OUTBOX_MAX_MESSAGES' },
  ),
  max_bytes: integer(
    16 * 1024 * 1024,
    { min: 4096, max: 1024 * 1024 * 1024 },
    'Most bytes of undelivered payloads kept on disk; beyond it the oldest are dropped.',
    { env: 'ACTIONWATCH_OUTBOX_MAX_BYTES' },
  ),
};

export const healthSchema: SchemaSection = {
  inference_timeout_ms: integer(
    60_000,
    { min: 1000, max: 3_600_000 },
    'An inference running longer than this counts as hung: /healthz fails and systemd watchdog pings stop, so systemd restarts the daemon.',
    { env: 'ACTIONWATCH_HEALTH_INFERENCE_TIMEOUT_MS' },
  ),
};

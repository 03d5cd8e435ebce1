import { flag, integer, text } from './leaves.js';
import { secretGivenOnce, section } from './section.js';

/** `http`: the local endpoint for health, metrics and status. */

// An IPv4/IPv6 literal or a host name; a scheme, port or path here is a common mistake.
const BIND_HOST = /^([A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/;

export const httpSection = section({
  enabled: flag(
    true,
    'Serve the web console (/), /healthz, /readyz, /metrics and the JSON API over HTTP.',
  ),
  host: text(
    '127.0.0.1',
    'Address to listen on. The default keeps it on this machine; 0.0.0.0 exposes it, but only with a token: without one the daemon stays on 127.0.0.1.',
    {
      required: true,
      pattern: BIND_HOST,
      mismatch: 'is not an IP address or host name (no scheme, port or path)',
    },
  ),
  port: integer(8970, 1, 65535, 'TCP port to listen on.'),
  token: text(
    '',
    'Bearer token every request must carry (Authorization: Bearer ...); empty = none. Prefer token_file or ACTIONWATCH_HTTP_TOKEN.',
    { sensitive: true },
  ),
  token_file: text(
    '',
    'File holding the bearer token (trailing newline ignored). ACTIONWATCH_HTTP_TOKEN wins over it.',
  ),
}).check(secretGivenOnce('token'));

import { isIP } from 'node:net';
import * as z from 'zod';
import { quoteValue } from '../redact.js';
import { flag, integer, oneOf, stringList, text } from './leaves.js';
import { secretGivenOnce, section } from './section.js';

/** `http`: the local endpoint for health, metrics and status. */

// An IPv4/IPv6 literal or a host name; a scheme, port or path here is a common mistake.
const BIND_HOST = /^([A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/;

/** Names fastify (proxy-addr) takes for whole address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

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
  trust_proxy: stringList(
    [],
    'Reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed: IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal; empty = none. The same headers from any other peer are ignored.',
    { commaSeparated: true },
  ),
  secure_cookies: oneOf(
    'auto',
    ['auto', 'always', 'never'],
    'Secure flag of the session cookie. auto: when the request came over TLS, or through a proxy in trust_proxy that says https; always: on every cookie (every browser must reach the console over https); never: not even then.',
  ),
})
  .check(secretGivenOnce('token'))
  .check(proxyAddressesValid('trust_proxy'));

/** What is wrong with one trust_proxy entry, or undefined. */
function proxyAddressProblem(entry: string): string | undefined {
  if (PROXY_RANGES.includes(entry)) return undefined;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  const prefixFits =
    prefix === undefined ||
    (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  if (family !== 0 && extra === undefined && prefixFits) return undefined;
  return `${quoteValue(entry)} is not an IP address, a CIDR range (10.0.0.0/8) or one of ${PROXY_RANGES.join(', ')}`;
}

/** Each entry of the list at `key` is an address fastify's trustProxy takes; checked beside the rest. */
function proxyAddressesValid(key: string) {
  return z.superRefine<unknown>(
    (values, context) => {
      if (typeof values !== 'object' || values === null) return;
      const list = (values as Record<string, unknown>)[key];
      if (!Array.isArray(list)) return;
      for (const [index, entry] of list.entries()) {
        const problem = typeof entry === 'string' ? proxyAddressProblem(entry) : undefined;
        if (problem !== undefined) {
          context.addIssue({ code: 'custom', path: [key, index], message: problem });
        }
      }
    },
    { when: () => true },
  );
}

import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/index.js';
import { HttpServer, type HttpServerOptions } from '../../../src/outputs/http/index.js';
import { freePort } from '../../helpers/ports.js';

const TOKEN = 'tok-cookie-7a2c';
/** The reverse proxy: a loopback address of its own, so the test can be it or not be it. */
const PROXY = '127.0.0.2';
const servers: HttpServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serve(opts: Partial<HttpServerOptions> = {}): Promise<number> {
  const server = new HttpServer({
    host: '127.0.0.1',
    port: await freePort(),
    token: TOKEN,
    logger: silentLogger(),
    source: {
      health: () => ({ live: true, ready: true, problems: [], faults: [], waitingFor: [] }),
      cameras: () => [],
      metricsText: async () => '',
    },
    ...opts,
  });
  await server.start();
  servers.push(server);
  return server.port ?? 0;
}

/** Logs in from `from` (the peer address the daemon sees) and returns the Set-Cookie header. */
function logIn(port: number, from: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/login',
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      (response) => {
        response.resume();
        if (response.statusCode !== 200) reject(new Error(`login: ${response.statusCode}`));
        else resolve(String(response.headers['set-cookie'] ?? ''));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ token: TOKEN }));
  });
}

const HTTPS = { 'X-Forwarded-Proto': 'https' };

describe('the session cookie', () => {
  it('is Secure behind a trusted proxy that says https, and stays HttpOnly SameSite=Strict', async () => {
    const port = await serve({ trustProxy: [PROXY] });
    const cookie = await logIn(port, PROXY, HTTPS);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Strict(;|$)/);
  });

  it('is not Secure over plain loopback http', async () => {
    const port = await serve({ trustProxy: [PROXY] });
    expect(await logIn(port, '127.0.0.1')).not.toMatch(/Secure/);
    // The proxy itself, passing a plain http request on.
    expect(await logIn(port, PROXY, { 'X-Forwarded-Proto': 'http' })).not.toMatch(/Secure/);
  });

  it('ignores X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    const trustingOther = await serve({ trustProxy: [PROXY] });
    expect(await logIn(trustingOther, '127.0.0.1', HTTPS)).not.toMatch(/Secure/);
    const trustingNone = await serve();
    expect(await logIn(trustingNone, PROXY, HTTPS)).not.toMatch(/Secure/);
  });

  it('takes CIDR ranges and fastify’s range names as trusted proxies', async () => {
    for (const trustProxy of [['127.0.0.0/30'], ['loopback']]) {
      const port = await serve({ trustProxy });
      expect(await logIn(port, PROXY, HTTPS), trustProxy[0]).toMatch(/; Secure(;|$)/);
    }
  });

  it('is always Secure with secure_cookies always, never with never', async () => {
    const always = await serve({ secureCookies: 'always' });
    expect(await logIn(always, '127.0.0.1')).toMatch(/; Secure(;|$)/);
    const never = await serve({ trustProxy: [PROXY], secureCookies: 'never' });
    expect(await logIn(never, PROXY, HTTPS)).not.toMatch(/Secure/);
  });
});

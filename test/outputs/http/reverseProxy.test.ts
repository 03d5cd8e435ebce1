import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/index.js';
import { HttpServer, type HttpServerOptions } from '../../../src/outputs/http/index.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../../src/outputs/http/session/loginRoutes.js';
import { freePort } from '../../helpers/ports.js';
import { QUIET_STATUS_SOURCE } from './statusSource.js';

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
    source: QUIET_STATUS_SOURCE,
    ...opts,
  });
  await server.start();
  servers.push(server);
  return server.port ?? 0;
}

/** Logs in from `from` (the peer address the daemon sees) and returns the Set-Cookie header. */
async function logIn(
  port: number,
  from: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const { status, setCookie } = await postLogin(port, from, TOKEN, headers);
  if (status !== 200) throw new Error(`login: ${status}`);
  return setCookie;
}

function postLogin(
  port: number,
  from: string,
  token: string,
  headers: Record<string, string>,
): Promise<{ status: number; setCookie: string }> {
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
        const setCookie = String(response.headers['set-cookie'] ?? '');
        resolve({ status: response.statusCode ?? 0, setCookie });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ token }));
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

describe('behind a trusted proxy, the login limit', () => {
  it('counts each client apart (X-Forwarded-For), not the proxy as one', async () => {
    const port = await serve({ trustProxy: [PROXY] });
    const from = (client: string) => ({ ...HTTPS, 'X-Forwarded-For': client });
    const tries = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE + 1; i++) {
      tries.push((await postLogin(port, PROXY, 'wrong', from('198.51.100.7'))).status);
    }
    expect(tries).toEqual([...Array(LOGIN_ATTEMPTS_PER_MINUTE).fill(401), 429]);
    expect((await postLogin(port, PROXY, 'wrong', from('198.51.100.8'))).status).toBe(401);
  });

  it('is not fooled by X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const port = await serve({ trustProxy: [PROXY] });
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      const client = { 'X-Forwarded-For': `198.51.100.${i}` };
      expect((await postLogin(port, '127.0.0.1', 'wrong', client)).status).toBe(401);
    }
    const another = { 'X-Forwarded-For': '203.0.113.1' };
    expect((await postLogin(port, '127.0.0.1', 'wrong', another)).status).toBe(429);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, type StatusSource } from '../../../src/outputs/http/index.js';
import { freePort } from '../../helpers/ports.js';
import { openSlowClients, rawStatusLine } from '../../helpers/rawHttp.js';
import { waitFor } from '../../helpers/waitFor.js';
import { captureLog } from '../mqtt/support.js';

const servers: HttpServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

function source(overrides: Partial<ReturnType<StatusSource['health']>> = {}): StatusSource {
  return {
    health: () => ({ live: true, ready: true, problems: [], waitingFor: [], ...overrides }),
    cameras: () => [{ name: 'door', state: 'online' }],
    metricsText: () => '# HELP x X\n# TYPE x gauge\nx 1\n',
  };
}

async function serve(options: { token?: string; source?: StatusSource; host?: string } = {}) {
  const log = captureLog();
  const server = new HttpServer({
    host: options.host ?? '127.0.0.1',
    port: await freePort(),
    token: options.token ?? '',
    source: options.source ?? source(),
    logger: log.logger,
  });
  servers.push(server);
  await server.start();
  const base = `http://127.0.0.1:${server.port}`;
  return { server, log, base };
}

describe('HttpServer routes', () => {
  it('answers /healthz, /readyz, /metrics and /api/cameras', async () => {
    const { base } = await serve();
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      live: true,
      ready: true,
      problems: [],
      waitingFor: [],
    });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toContain('x 1\n');
    const cameras = await fetch(`${base}/api/cameras`);
    expect(cameras.headers.get('cache-control')).toBe('no-store');
    expect(await cameras.json()).toEqual([{ name: 'door', state: 'online' }]);
  });

  it('answers 503 with the reasons when not alive, and /healthz?ready when not ready', async () => {
    const problems = ['inference running for 70000 ms (limit 60000 ms)'];
    const { base } = await serve({ source: source({ live: false, ready: false, problems }) });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unhealthy', problems });
    const { base: base2 } = await serve({
      source: source({ ready: false, waitingFor: ['the MQTT broker'] }),
    });
    expect((await fetch(`${base2}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base2}/healthz?ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'not ready',
      waitingFor: ['the MQTT broker'],
    });
  });

  it('refuses unknown paths (404) and methods other than GET and HEAD (405)', async () => {
    const { base } = await serve();
    const missing = await fetch(`${base}/admin`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { paths: string[] }).paths).toEqual([
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/cameras',
    ]);
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('turns a throwing source into a 500 and keeps serving', async () => {
    const broken: StatusSource = {
      ...source(),
      cameras: () => {
        throw new Error('boom');
      },
    };
    const { base, log } = await serve({ source: broken });
    expect((await fetch(`${base}/api/cameras`)).status).toBe(500);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(log.linesWithMsg('HTTP handler failed')).toHaveLength(1);
  });
});

describe('HttpServer malformed requests', () => {
  const longPath = `/${'a'.repeat(4_000)}`;
  const overHeadLimit = `/${'a'.repeat(20_000)}`;

  it('answers a bad request target with 400 (414 when long) and logs no error', async () => {
    const { server, log } = await serve();
    const expected: Array<[requestLine: string, status: number]> = [
      ['GET http://% HTTP/1.1', 400],
      ['GET http://[::1/healthz HTTP/1.1', 400],
      ['GET https://evil.example:99999/healthz HTTP/1.1', 400],
      ['GET ftp://localhost/healthz HTTP/1.1', 400],
      ['GET * HTTP/1.1', 400],
      ['GET %zz HTTP/1.1', 400],
      ['GET /healthz%zz HTTP/1.1', 400],
      ['GET /healthz?ready=%z HTTP/1.1', 400],
      [`GET ${longPath} HTTP/1.1`, 414],
      // Past the 8 KiB request-head limit Node's parser answers before any handler runs.
      [`GET ${overHeadLimit} HTTP/1.1`, 431],
      ['FOO /healthz HTTP/1.1', 400],
      ['get /healthz HTTP/1.1', 400],
      ['GET http://localhost/healthz HTTP/1.1', 200],
      // A path, not a reference to another host.
      ['GET //evil.example/healthz HTTP/1.1', 404],
    ];
    for (const [requestLine, status] of expected) {
      const head = `${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
      const statusLine = await rawStatusLine(server.port ?? 0, head);
      expect(statusLine, requestLine.slice(0, 60)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    }
    expect(log.text()).not.toMatch(/"level":50/);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });
});

describe('HttpServer under slow and many clients', () => {
  it('answers /healthz while 80 clients hold connections open, and closes those', async () => {
    const { server, base } = await serve();
    const port = server.port ?? 0;
    // More than the connection budget: half stop inside their headers, half never send a byte.
    const slow = [
      ...(await openSlowClients(port, 40, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n')),
      ...(await openSlowClients(port, 40, '')),
    ];
    const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(200);
    // Well under Node's own 30 s sweep, well over the few seconds the server allows for headers.
    await waitFor(() => slow.every((client) => client.closed), {
      timeoutMs: 25_000,
      what: 'the server to close every slow connection',
    });
  });
});

describe('HttpServer bearer token', () => {
  const token = 'tok-3f9a1c7e5b';

  it('wants the token on every path and says how to give it', async () => {
    const { base } = await serve({ token });
    for (const path of ['/healthz', '/metrics', '/api/cameras', '/nothing']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="actionwatch"');
    }
    const wrong = await fetch(`${base}/healthz`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${base}/healthz`, { headers: { Authorization: `Basic ${token}` } });
    expect(basic.status).toBe(401);
    const right = await fetch(`${base}/api/cameras`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).not.toContain(token);
  });
});

describe('HttpServer listening', () => {
  it('names the address when the port is taken', async () => {
    const { server } = await serve();
    const second = new HttpServer({
      host: '127.0.0.1',
      port: server.port ?? 0,
      token: '',
      source: source(),
      logger: captureLog().logger,
    });
    await expect(second.start()).rejects.toThrow(
      `cannot listen on http://127.0.0.1:${server.port}: listen EADDRINUSE`,
    );
  });

  it('without a token stays on loopback, whatever host was asked for, and says so', async () => {
    const { log, server } = await serve({ host: '0.0.0.0' });
    expect(log.linesWithMsg('HTTP listening')).toEqual([
      expect.objectContaining({ url: `http://127.0.0.1:${server.port}`, auth: false }),
    ]);
    expect(log.text()).toContain('no HTTP token set: listening on this machine only');
  });

  it('logs where it listens and whether a token is needed', async () => {
    const { log, server } = await serve({ token: 'tok-3f9a1c7e5b' });
    expect(log.linesWithMsg('HTTP listening')).toEqual([
      expect.objectContaining({ url: `http://127.0.0.1:${server.port}`, auth: true }),
    ]);
    expect(log.text()).not.toContain('tok-3f9a1c7e5b');
  });
});

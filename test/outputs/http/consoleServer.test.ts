import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ControlsService } from '../../../src/controls/index.js';
import { systemClock } from '../../../src/core/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { ConsoleFeed, HttpServer } from '../../../src/outputs/http/index.js';
import { AlertRules } from '../../../src/recognize/index.js';
import { NIGHT_RULE, recordingBridge, tempStateDir } from '../../controls/support.js';
import { freePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/waitFor.js';
import { QUIET_STATUS_SOURCE } from './statusSource.js';

const TOKEN = 'tok-console-5d1e';
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The HTTP server with the console over a real controls service and the MQTT bridge. */
async function serveConsole(token = TOKEN) {
  const state = tempStateDir();
  cleanups.push(state.remove);
  const { bus, published } = recordingBridge('aw');
  const rules = new AlertRules([NIGHT_RULE]);
  const controls = new ControlsService({
    cameras: ['door'],
    rules,
    stateDir: state.dir,
    bus,
    clock: systemClock,
    logger: silentLogger(),
  });
  const feed = new ConsoleFeed({
    bus,
    cameras: ['door'],
    model: { name: 'tiny', weights: 'random', randomWeights: true, frames: 4, fps: 7.5 },
    rules: () => controls.ruleStatuses(),
    detecting: (camera) => controls.isDetecting(camera),
    clock: systemClock,
    cameraStats: () => [{ name: 'door', source: 'rtsp://viewer@10.0.0.5/live', fps: 7.5 }],
  });
  feed.start();
  controls.start();
  const server = new HttpServer({
    host: '127.0.0.1',
    port: await freePort(),
    token,
    logger: silentLogger(),
    source: QUIET_STATUS_SOURCE,
    console: {
      feed,
      controls,
      snapshotsDir: null,
      system: () => ({ version: '0.1.0' }),
      live: null,
    },
  });
  await server.start();
  cleanups.push(
    () => server.stop(),
    () => feed.stop(),
    () => controls.stop(),
  );
  return { base: `http://127.0.0.1:${server.port}`, port: server.port ?? 0, published, bus };
}

async function logIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: TOKEN }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie') ?? '';
  const { csrf } = (await response.json()) as { csrf: string };
  return { cookie: cookie.split(';')[0] as string, csrf };
}

describe('console security', () => {
  it('serves the page to anyone, its data only after login, with a strict CSP', async () => {
    const { base } = await serveConsole();
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await fetch(`${base}/console/main.js`)).status).toBe(200);
    expect((await fetch(`${base}/api/console`)).status).toBe(401);
    const session = (await (await fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(session).toEqual({
      authenticated: false,
      token_required: true,
      loopback_only: true,
      csrf: null,
    });
  });

  it('swaps the token for an HttpOnly SameSite=Strict cookie; POSTs need the CSRF header', async () => {
    const { base, published } = await serveConsole();
    const wrong = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    const response = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const { csrf } = (await response.json()) as { csrf: string };
    const cookie = setCookie.split(';')[0] as string;
    const picture = await fetch(`${base}/api/console`, { headers: { cookie } });
    expect(picture.status).toBe(200);
    const text = await picture.text();
    expect(text).not.toContain(TOKEN);
    const detect = (headers: Record<string, string>) =>
      fetch(`${base}/api/cameras/door/detect`, {
        method: 'POST',
        headers: { cookie, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ on: false }),
      });
    expect((await detect({})).status).toBe(403);
    expect((await detect({ 'X-CSRF-Token': 'forged' })).status).toBe(403);
    expect((await detect({ Origin: 'http://evil.example', 'X-CSRF-Token': csrf })).status).toBe(
      403,
    );
    expect(published.get('aw/door/detect/state')).toBe('ON');
    expect((await detect({ 'X-CSRF-Token': csrf })).status).toBe(200);
    // The same controls service as the MQTT command: the bridge published the new state.
    expect(published.get('aw/door/detect/state')).toBe('OFF');
    // A GET cannot change anything.
    const get = await fetch(`${base}/api/cameras/door/detect`, { headers: { cookie } });
    expect(get.status).toBe(404);
  });

  it('rate-limits login attempts per client', async () => {
    const { base } = await serveConsole();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: `guess-${attempt}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('without a token: open on loopback, refuses other host names (DNS rebinding)', async () => {
    const { base, port } = await serveConsole('');
    const session = (await (await fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ authenticated: true, token_required: false });
    expect(typeof session.csrf).toBe('string');
    const { rawStatusLine } = await import('../../helpers/rawHttp.js');
    const rebound = await rawStatusLine(
      port,
      'GET /api/console HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    );
    expect(rebound).toMatch(/^HTTP\/1\.1 403 /);
  });
});

describe('console push socket', () => {
  it('says hello with the whole picture, then pushes changes made through the controls', async () => {
    const { base, port } = await serveConsole();
    const { cookie, csrf } = await logIn(base);
    const refused = new WebSocket(`ws://127.0.0.1:${port}/api/stream`);
    const refusal = await new Promise<number>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.on('open', () => resolve(101));
    });
    expect(refusal).toBe(401);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/stream`, { headers: { cookie } });
    cleanups.push(() => socket.close());
    const messages: Array<{ type: string; camera?: string; data: Record<string, unknown> }> = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await waitFor(() => messages.length > 0, { timeoutMs: 10_000, what: 'hello' });
    const hello = messages[0];
    expect(hello?.type).toBe('hello');
    expect(JSON.stringify(hello)).not.toContain(TOKEN);
    expect(hello?.data.cameras).toEqual([
      expect.objectContaining({ name: 'door', detect: true, window: null }),
    ]);
    await fetch(`${base}/api/rules/night/suspend`, {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ minutes: 30 }),
    });
    await fetch(`${base}/api/cameras/door/detect`, {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ on: false }),
    });
    await waitFor(() => messages.some((m) => m.type === 'detect'), {
      timeoutMs: 10_000,
      what: 'the detect message',
    });
    expect(messages.find((m) => m.type === 'detect')).toEqual({
      type: 'detect',
      camera: 'door',
      data: { on: false },
    });
    expect(messages.find((m) => m.type === 'rule')?.data).toMatchObject({
      rule: 'night',
      suspended: true,
      suspended_minutes: 30,
    });
  });
});

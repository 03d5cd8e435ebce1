import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CatalogClip, HttpServer } from '../../../src/outputs/http/index.js';
import { freePort } from '../../helpers/ports.js';
import { captureLog } from '../mqtt/support.js';
import { QUIET_STATUS_SOURCE } from './statusSource.js';

const TOKEN = 'clip-token';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A server whose catalog lists one 100-byte clip of `door`, beside a file it does not list. */
async function serveOneClip() {
  const dir = await mkdtemp(join(tmpdir(), 'aw-clip-routes-'));
  const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
  await writeFile(join(dir, 'a.mp4'), bytes);
  await writeFile(join(dir, 'secret.mp4'), bytes);
  const clip: CatalogClip = {
    camera: 'door',
    file: 'a.mp4',
    path: join(dir, 'a.mp4'),
    eventId: 'e1',
    label: 'squat',
    startMs: Date.UTC(2026, 10, 27, 8),
    endMs: Date.UTC(2026, 10, 27, 8, 0, 12),
    durationMs: 12000,
    bytes: 100,
  };
  const server = new HttpServer({
    host: '127.0.0.1',
    port: await freePort(),
    token: TOKEN,
    source: QUIET_STATUS_SOURCE,
    logger: captureLog().logger,
    clips: () => ({ list: (camera) => (camera === undefined || camera === 'door' ? [clip] : []) }),
  });
  cleanups.push(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await server.start();
  return { base: `http://127.0.0.1:${server.port}/api/clips`, bytes };
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('clip routes', () => {
  it('lists clips by camera behind the token', async () => {
    const { base } = await serveOneClip();
    expect((await fetch(base)).status).toBe(401);
    expect(await (await fetch(base, { headers: auth })).json()).toMatchObject({
      cameras: { door: [{ file: 'a.mp4', url: '/api/clips/door/a.mp4', event_id: 'e1' }] },
    });
    expect(await (await fetch(`${base}/door`, { headers: auth })).json()).toMatchObject([
      { camera: 'door', file: 'a.mp4', duration_ms: 12000, bytes: 100 },
    ]);
    expect(await (await fetch(`${base}/yard`, { headers: auth })).json()).toEqual([]);
  });

  it('serves a listed clip whole, by range (206) and answers 416 beyond its end', async () => {
    const { base, bytes } = await serveOneClip();
    expect((await fetch(`${base}/door/a.mp4`)).status).toBe(401);
    const whole = await fetch(`${base}/door/a.mp4`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    const part = await fetch(`${base}/door/a.mp4`, { headers: { ...auth, range: 'bytes=8-15' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 8-15/100');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(8, 16));
    const beyond = await fetch(`${base}/door/a.mp4`, { headers: { ...auth, range: 'bytes=100-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */100');
    const head = await fetch(`${base}/door/a.mp4`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('100');
  });

  it('serves only files the catalog lists', async () => {
    const { base } = await serveOneClip();
    expect((await fetch(`${base}/door/secret.mp4`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/door/..%2Fsecret.mp4`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/yard/a.mp4`, { headers: auth })).status).toBe(404);
  });
});

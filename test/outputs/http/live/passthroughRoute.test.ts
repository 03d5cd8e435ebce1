import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ControlsService } from '../../../../src/controls/index.js';
import { systemClock } from '../../../../src/core/index.js';
import { silentLogger } from '../../../../src/log/index.js';
import {
  ConsoleFeed,
  HttpServer,
  LiveStreams,
  MAX_LIVE_VIEWERS,
} from '../../../../src/outputs/http/index.js';
import { AlertRules } from '../../../../src/recognize/index.js';
import { recordingBridge, tempStateDir } from '../../../controls/support.js';
import { freePort } from '../../../helpers/ports.js';
import { waitFor } from '../../../helpers/waitFor.js';
import { QUIET_STATUS_SOURCE } from '../statusSource.js';
import { fragmentedMp4, H264_ARGS } from './fmp4Fixture.js';

const TOKEN = 'tok-passthrough-91c2';
const cleanups: Array<() => unknown> = [];
let h264: Buffer;

beforeAll(() => {
  h264 = fragmentedMp4(H264_ARGS);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The console's HTTP server with two cameras: door passed through, yard MJPEG only. */
async function serve() {
  const state = tempStateDir();
  cleanups.push(state.remove);
  const { bus } = recordingBridge('aw');
  const cameras = ['door', 'yard'];
  const controls = new ControlsService({
    cameras,
    rules: new AlertRules([]),
    stateDir: state.dir,
    bus,
    clock: systemClock,
    logger: silentLogger(),
  });
  const feed = new ConsoleFeed({
    bus,
    cameras,
    model: { name: 'tiny', weights: 'random', randomWeights: true, frames: 4, fps: 7.5 },
    rules: () => [],
    detecting: () => true,
    clock: systemClock,
    cameraStats: () => [],
  });
  const live = new LiveStreams(
    cameras,
    { fps: 5, width: 640, h264: 'auto' },
    { passthroughUnavailable: (camera) => (camera === 'door' ? null : 'raw frames') },
  );
  const server = new HttpServer({
    host: '127.0.0.1',
    port: await freePort(),
    token: TOKEN,
    logger: silentLogger(),
    source: QUIET_STATUS_SOURCE,
    console: { feed, controls, snapshotsDir: null, system: () => ({}), live },
  });
  await server.start();
  cleanups.push(() => server.stop());
  const login = await fetch(`http://127.0.0.1:${server.port}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: TOKEN }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { port: server.port as number, cookie, live };
}

/** A WebSocket that records its messages (text parsed, binary as Buffers) and its close. */
function watch(port: number, camera: string, headers: Record<string, string>) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/live/${camera}/h264`, { headers });
  cleanups.push(() => socket.terminate());
  const seen = {
    texts: [] as Array<Record<string, unknown>>,
    binaries: [] as Buffer[],
    closed: null as number | null,
    refused: null as number | null,
  };
  socket.on('message', (data, isBinary) => {
    if (isBinary) seen.binaries.push(data as Buffer);
    else seen.texts.push(JSON.parse(String(data)));
  });
  socket.on('close', (code) => {
    seen.closed = code;
  });
  socket.on('unexpected-response', (_req, res) => {
    seen.refused = res.statusCode ?? 0;
  });
  socket.on('error', () => {});
  return seen;
}

describe('GET /api/live/<camera>/h264', () => {
  it('is refused without a session; with one it sends the codec, the init, then fragments', async () => {
    const { port, cookie, live } = await serve();
    const outsider = watch(port, 'door', {});
    await waitFor(() => outsider.refused !== null, { what: 'the refusal' });
    expect(outsider.refused).toBe(401);
    const hub = live.passthroughFor('door');
    hub?.runStarted();
    const viewer = watch(port, 'door', { cookie });
    await waitFor(() => live.viewers === 1, { what: 'the viewer to join' });
    hub?.push(h264);
    await waitFor(() => viewer.binaries.length >= 31, { what: 'init and fragments' });
    expect(viewer.texts).toEqual([
      { type: 'stream', mime: 'video/mp4; codecs="avc1.64001f"', width: 320, height: 180 },
    ]);
    expect(viewer.binaries[0]?.toString('latin1', 4, 8)).toBe('ftyp');
    expect(viewer.binaries[1]?.toString('latin1', 4, 8)).toBe('moof');
    const stats = (await (
      await fetch(`http://127.0.0.1:${port}/api/live`, { headers: { cookie } })
    ).json()) as {
      h264: string;
      cameras: Record<string, { passthrough: Record<string, unknown> }>;
    };
    expect(stats.h264).toBe('auto');
    expect(stats.cameras.door?.passthrough).toMatchObject({
      available: true,
      codec: 'avc1.64001f',
      viewers: 1,
      fragments_in: 30,
      fragments_sent: 30,
      fragments_dropped: 0,
      fragments_awaiting_keyframe: 0,
    });
    expect(stats.cameras.yard?.passthrough).toMatchObject({
      available: false,
      reason: 'raw frames',
    });
  });

  it('says unavailable and closes for a camera that is not passed through', async () => {
    const { port, cookie } = await serve();
    const viewer = watch(port, 'yard', { cookie });
    await waitFor(() => viewer.closed !== null, { what: 'the close' });
    expect(viewer.texts).toEqual([{ type: 'unavailable', reason: 'raw frames' }]);
    expect(viewer.closed).toBe(1000);
  });

  it('keeps a viewer that stopped reading within its backlog bound while another reads all', async () => {
    const { port, cookie, live } = await serve();
    const hub = live.passthroughFor('door');
    const reading = watch(port, 'door', { cookie });
    // Upgrades, then never reads: its socket fills and the hub must skip for it.
    const stalled = net.connect({ host: '127.0.0.1', port });
    cleanups.push(() => stalled.destroy());
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write(
      `GET /api/live/door/h264 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    stalled.pause();
    await waitFor(() => live.viewers === 2, { what: 'both viewers to join' });
    // The clip again and again, 32 MB in all: far more than the kernel holds for the
    // stalled socket (net.ipv4.tcp_wmem and tcp_rmem, 4 + 6 MiB at most by default).
    const runs = Math.ceil((32 * 2 ** 20) / h264.length);
    for (let run = 0; run < runs; run++) {
      hub?.runStarted();
      hub?.push(h264);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Each run starts with its stream message: the reading viewer saw them all.
    await waitFor(() => reading.texts.length === runs, { what: 'the reading viewer' });
    const stats = live.stats().door?.passthrough;
    console.log(`passthrough, one viewer stalled: ${JSON.stringify(stats)}`);
    expect(stats?.fragments_dropped).toBeGreaterThan(0);
    // The bound, and a stream message of a few dozen bytes (init segments count against it,
    // or a camera restarting again and again would grow it).
    expect(stats?.buffered_bytes_max).toBeLessThanOrEqual(1024 * 1024 + 200);
  });

  it('counts in the same viewer budget as the MJPEG streams', async () => {
    const { port, cookie, live } = await serve();
    for (let i = 0; i < MAX_LIVE_VIEWERS; i++) watch(port, 'door', { cookie });
    await waitFor(() => live.viewers === MAX_LIVE_VIEWERS, { what: 'every viewer to join' });
    const mjpeg = await fetch(`http://127.0.0.1:${port}/api/live/door.mjpeg`, {
      headers: { cookie },
    });
    expect(mjpeg.status).toBe(503);
    const late = watch(port, 'door', { cookie });
    await waitFor(() => late.closed !== null, { what: 'the refusal' });
    expect(late.texts).toEqual([
      { type: 'unavailable', reason: `already ${MAX_LIVE_VIEWERS} live viewers` },
    ]);
    expect(late.closed).toBe(1013);
  });
});

import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub, MJPEG_BOUNDARY } from '../../../src/outputs/http/live/liveHub.js';
import { waitFor } from '../../helpers/waitFor.js';

const servers: Server[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A node:http server streaming `hub` to whoever connects, as the live route does. */
async function serve(hub: LiveHub): Promise<number> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}` });
    hub.add(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A viewer on a raw socket: counts the parts it read; `paused` never reads at all. */
async function viewer(port: number, paused: boolean) {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  let text = '';
  let parts = 0;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
    let at = text.indexOf(`--${MJPEG_BOUNDARY}`);
    while (at !== -1) {
      parts += 1;
      text = text.slice(at + MJPEG_BOUNDARY.length + 2);
      at = text.indexOf(`--${MJPEG_BOUNDARY}`);
    }
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  if (paused) socket.pause();
  return { parts: () => parts };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('LiveHub', () => {
  it('keeps a stalled viewer to one image in memory while a reading one gets them all', async () => {
    const hub = new LiveHub();
    const port = await serve(hub);
    const reading = await viewer(port, false);
    await viewer(port, true);
    while (hub.viewerCount < 2) await tick();
    // 200 images of 256 KiB: 50 MiB in all, far more than any socket buffer holds.
    const image = Buffer.alloc(256 * 1024, 7);
    for (let i = 0; i < 200; i++) {
      hub.push(image);
      await tick();
    }
    await waitFor(() => reading.parts() >= 100, { what: 'the reading viewer to get its images' });
    const stats = hub.stats();
    expect(stats.frames_in).toBe(200);
    // The stalled viewer took a few images until its socket filled, then skipped the rest.
    expect(stats.frames_dropped).toBeGreaterThan(150);
    // Never more than one image (and its part header) waits in a viewer's buffer.
    expect(stats.buffered_bytes_max).toBeLessThanOrEqual(image.length + 200);
    // It only skips an image while its socket still holds the previous one: rarely.
    expect(reading.parts()).toBeGreaterThanOrEqual(100);
    expect(stats.write_latency_ms.p50).not.toBeNull();
  });

  it('gives a new viewer the latest image at once', async () => {
    const hub = new LiveHub();
    hub.push(Buffer.from('first'));
    hub.push(Buffer.from('second'));
    const port = await serve(hub);
    const late = await viewer(port, false);
    while (late.parts() < 1) await tick();
    expect(hub.stats()).toMatchObject({ viewers: 1, frames_in: 2, frames_sent: 0 });
  });

  it('puts each write latency into the histogram /metrics exports, in seconds', async () => {
    // Arrival at 1000 ms, handed to the socket at 1003 ms.
    const times = [1000, 1003];
    const hub = new LiveHub(() => times.shift() ?? 1003);
    const port = await serve(hub);
    const reading = await viewer(port, false);
    while (hub.viewerCount < 1) await tick();
    hub.push(Buffer.from('image'));
    await waitFor(() => reading.parts() >= 1, { what: 'the image to arrive' });
    await waitFor(() => hub.writeLatency().count === 1, { what: 'the write to be counted' });
    const histogram = hub.writeLatency();
    expect(histogram.sum).toBeCloseTo(0.003, 9);
    const bucket = (bound: number) => histogram.cumulative[histogram.bounds.indexOf(bound)];
    expect([bucket(0.0025), bucket(0.005)]).toEqual([0, 1]);
    expect(hub.stats().write_latency_ms).toEqual({ p50: 3, p95: 3 });
  });
});

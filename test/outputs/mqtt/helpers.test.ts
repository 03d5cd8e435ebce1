import { execFile } from 'node:child_process';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startMosquitto } from '../../helpers/mosquitto.js';
import { captureMqtt } from '../../helpers/mqttCapture.js';
import { freePort, portAccepts } from '../../helpers/ports.js';
import { startRtspServer } from '../../helpers/rtspServer.js';
import { waitFor } from '../../helpers/waitFor.js';

interface FfmpegResult {
  code: number;
  stderr: string;
}

/** Reads `frames` video frames from an RTSP URL with the real ffmpeg, over TCP. */
function readFrames(url: string, frames: number): Promise<FfmpegResult> {
  const args = ['-hide_banner', '-nostats', '-rtsp_transport', 'tcp', '-i', url];
  args.push('-frames:v', String(frames), '-f', 'null', '-');
  return new Promise((resolve) => {
    execFile('/usr/bin/ffmpeg', args, { timeout: 20_000 }, (err, _stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stderr });
    });
  });
}

describe('test helpers', () => {
  it('freePort() gives a port nothing listens on yet', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
    expect(await portAccepts(port)).toBe(false);
  });

  it('waitFor() resolves with the first truthy value and names what it waited for', async () => {
    let calls = 0;
    await expect(waitFor(() => ++calls >= 3 && calls, { intervalMs: 1, what: 'x' })).resolves.toBe(
      3,
    );
    await expect(
      waitFor(
        () => {
          throw new Error('not yet readable');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'the status file' },
      ),
    ).rejects.toThrow(
      'timed out after 30 ms waiting for the status file (last error: not yet readable)',
    );
  });

  it('serves a live H.264 stream that ffmpeg reads, again after a restart on the same port', async () => {
    const server = await startRtspServer({ path: 'cam' });
    try {
      expect(server.url).toBe(`rtsp://127.0.0.1:${server.port}/cam`);
      const first = await readFrames(server.url, 5);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/Video: h264.*320x240/);
      await server.stop();
      expect(await portAccepts(server.port)).toBe(false);
      await server.restart();
      const again = await readFrames(server.url, 5);
      expect(again.code, again.stderr).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('requires basic auth when asked, with the credentials in url', async () => {
    const auth = { user: 'viewer', password: 'p@ss word' };
    const server = await startRtspServer({ path: 'secure', auth });
    try {
      expect(server.url).toBe(`rtsp://viewer:p%40ss%20word@127.0.0.1:${server.port}/secure`);
      const refused = await readFrames(server.urlWithoutAuth, 1);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('401 Unauthorized');
      const allowed = await readFrames(server.url, 3);
      expect(allowed.code, allowed.stderr).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('restarts Mosquitto on the same port, forgetting retained messages', async () => {
    const broker = await startMosquitto();
    const client = await connectAsync(broker.url, { reconnectPeriod: 200 });
    try {
      await client.publishAsync('h/state', 'kept', { qos: 1, retain: true });
      const before = await captureMqtt(broker.url, 'h/#');
      const retained = await before.waitForMessage((m) => m.topic === 'h/state');
      expect(retained.retain).toBe(true);
      await before.close();

      await broker.restart();
      expect(await portAccepts(broker.port)).toBe(true);
      const after = await captureMqtt(broker.url, 'h/#');
      await waitFor(() => client.connected, { what: 'test client reconnected' });
      // Retained messages arrive on subscribe, before anything published later.
      await client.publishAsync('h/marker', 'now', { qos: 1 });
      await after.waitForMessage((m) => m.topic === 'h/marker');
      expect(after.messages.map((m) => m.topic)).toEqual(['h/marker']);
      await after.close();

      await broker.stop();
      expect(await portAccepts(broker.port)).toBe(false);
    } finally {
      await client.endAsync(true);
      await broker.stop();
    }
  });
});

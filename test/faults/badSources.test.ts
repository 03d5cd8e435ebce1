import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipsDir, type DaemonProcess } from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { noiseBytes } from '../helpers/noise.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  type CameraStatus,
  cameraStatus,
  sleep,
  startFaultDaemon,
  tearDown,
  waitUntilOnline,
} from './support.js';

const CLIP = path.join(clipsDir, 'arm_wrestling.mp4');

/** A TCP port on 127.0.0.1 that answers anything (an RTSP request) with noise. */
async function garbageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', () => socket.end(noiseBytes(4096)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('faults: sources that are not video', () => {
  let broker: Mosquitto;
  let capture: MqttCapture;
  let garbage: Awaited<ReturnType<typeof garbageServer>>;
  let noiseDir: string;
  let daemon: DaemonProcess;
  let httpPort: number;

  beforeAll(async () => {
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, 'fb/#');
    garbage = await garbageServer();
    noiseDir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-noise-'));
    const noise = path.join(noiseDir, 'noise.mp4');
    writeFileSync(noise, noiseBytes(256 * 1024));
    ({ daemon, httpPort } = await startFaultDaemon({
      mqtt: { url: broker.url, prefix: 'fb' },
      cameras: [
        { name: 'good', source: { url: CLIP, realtime: true, loop: true } },
        { name: 'garbage', source: { url: `rtsp://127.0.0.1:${garbage.port}/cam` } },
        { name: 'noise', source: { url: noise, loop: true } },
      ],
    }));
  });

  afterAll(async () => {
    await tearDown(daemon, garbage, capture, broker);
    if (noiseDir !== undefined) rmSync(noiseDir, { recursive: true, force: true });
  });

  it('gives each bad camera a clear error while the good one streams on undisturbed', async () => {
    const status = (name: string) => cameraStatus(httpPort, name);
    const failedTwice = async (name: string) => {
      const camera = await status(name);
      return camera.restarts >= 1 && camera.last_error !== null ? camera : undefined;
    };
    await waitUntilOnline(daemon, httpPort, 'good');
    const garbageCamera = (await waitFor(() => failedTwice('garbage'), {
      timeoutMs: 20_000,
      what: 'the garbage camera to fail and retry',
    })) as CameraStatus;
    const noiseCamera = (await waitFor(() => failedTwice('noise'), {
      timeoutMs: 20_000,
      what: 'the noise camera to fail and retry',
    })) as CameraStatus;
    // ffmpeg's own words, not just an exit code.
    expect(garbageCamera.last_error?.reason).toMatch(
      /^ffmpeg exited with code 1: .*(Invalid data found|method DESCRIBE failed|Invalid argument)/,
    );
    expect(noiseCamera.last_error?.reason).toMatch(
      /^ffmpeg exited with code 1: .*noise\.mp4: Invalid data found when processing input$/,
    );
    for (const name of ['garbage', 'noise']) {
      const availability = capture.messages
        .filter((m) => m.topic === `fb/${name}/availability`)
        .map((m) => m.json());
      expect(availability.at(-1)?.state).toMatch(/^(reconnecting|online)$/);
      expect(availability.some((a) => /^ffmpeg exited with code 1: /.test(a.reason))).toBe(true);
    }

    const before = await status('good');
    const actionsBefore = capture.messages.filter((m) => m.topic === 'fb/good/action').length;
    await sleep(5_000);
    const after = await status('good');
    expect(after.state).toBe('online');
    expect(after.restarts).toBe(0);
    expect(after.frames_in - before.frames_in).toBeGreaterThanOrEqual(30); // 7.5 fps for 5 s
    const actionsAfter = capture.messages.filter((m) => m.topic === 'fb/good/action').length;
    expect(actionsAfter).toBeGreaterThan(actionsBefore);
    expect(daemon.exited()).toBe(false);
    console.info(
      `bad sources: garbage RTSP "${garbageCamera.last_error?.reason}", ` +
        `random bytes "${noiseCamera.last_error?.reason}"; good camera ` +
        `${after.frames_in - before.frames_in} frames in 5 s, quality ${after.quality}`,
    );
  });
});

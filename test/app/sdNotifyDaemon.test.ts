import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  type DaemonProcess,
  labelsFile,
  processesMatching,
  removeTempConfigs,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';
import { type NotifyListener, startNotifyListener } from './sdNotifyListener.js';

const CLIP = path.join(clipsDir, 'arm_wrestling.mp4');

describe('the daemon under a (simulated) systemd: Type=notify with a watchdog', () => {
  let socket: NotifyListener;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    socket = await startNotifyListener();
    const config = writeTempConfig({
      // No broker: readiness for systemd means started, not connected.
      mqtt: { url: `mqtt://127.0.0.1:${await freePort()}`, prefix: 'sdn' },
      model: { path: tinyModel, labels: labelsFile },
      http: { enabled: false },
      cameras: [{ name: 'clip', source: { url: CLIP, realtime: true, loop: true } }],
    });
    daemon = startDaemon(config, {
      NOTIFY_SOCKET: socket.socketPath,
      WATCHDOG_USEC: '1000000',
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    await socket?.stop();
    removeTempConfigs();
  });

  it('says READY=1 with a status line once started', async () => {
    const ready = await socket.waitForField('READY=1', 20_000);
    expect(ready.text).toMatch(/^READY=1\nSTATUS=\d\/1 cameras streaming, broker unreachable$/);
  });

  it('pings the watchdog every WATCHDOG_USEC/2 while healthy', async () => {
    const ready = await socket.waitForField('READY=1');
    await waitFor(() => pings(socket).length >= 4, { timeoutMs: 5_000, what: '4 watchdog pings' });
    const times = pings(socket).map((m) => m.ms);
    expect(times[0]).toBeGreaterThanOrEqual(ready.ms);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(300);
      expect(times[i]! - times[i - 1]!).toBeLessThan(900);
    }
  });

  it('keeps NOTIFY_SOCKET and WATCHDOG_* away from ffmpeg', async () => {
    const ffmpeg = await waitFor(async () => (await processesMatching(CLIP))[0], {
      what: 'the camera ffmpeg',
    });
    const environ = (await readFile(`/proc/${ffmpeg}/environ`, 'utf8')).split('\0');
    expect(environ.some((v) => v.startsWith('NOTIFY_SOCKET='))).toBe(false);
    expect(environ.some((v) => v.startsWith('WATCHDOG_'))).toBe(false);
  });

  it('says STOPPING=1 on SIGTERM, pings no more, and exits 0', async () => {
    const result = await daemon.stop();
    expect(result.code, daemon.output()).toBe(0);
    const stopping = await socket.waitForField('STOPPING=1', 1_000);
    expect(pings(socket).every((m) => m.ms < stopping.ms)).toBe(true);
  });
});

function pings(socket: NotifyListener) {
  return socket.messages().filter((m) => m.text.split('\n').includes('WATCHDOG=1'));
}

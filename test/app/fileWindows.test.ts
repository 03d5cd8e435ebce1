import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';

const FRAME_MS = 1000 / 7.5;
const STRIDE = 8;

describe('daemon on a real clip as a file source', () => {
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let capture: Awaited<ReturnType<typeof captureMqtt>>;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, 'clip/#');
    const config = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'clip' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: STRIDE },
      cameras: [
        {
          name: 'arm_wrestling',
          // Paced at real time, as a camera would deliver it, so no window is skipped.
          source: { url: path.join(clipsDir, 'arm_wrestling.mp4'), realtime: true, loop: false },
        },
      ],
    });
    daemon = startDaemon(config);
  });

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
  });

  it('publishes windows of 16 frames sampled at 7.5 fps, one every stride frames', async () => {
    // 280 frames at 28 fps = 10 s = 75 frames at 7.5 fps: windows end at frames 15, 23, ... 71.
    const windows = () =>
      capture.messages
        .filter((m) => m.topic === 'clip/arm_wrestling/action')
        .map((m) => m.json().window);
    await waitFor(() => windows().length >= 8, {
      timeoutMs: 30_000,
      what: '8 windows of the clip',
    });
    await waitFor(
      () =>
        capture.messages.some(
          (m) => m.topic === 'clip/arm_wrestling/availability' && m.json().state === 'offline',
        ),
      { timeoutMs: 10_000, what: 'the camera going offline at the end of the file' },
    );
    const got = windows();
    expect(got).toHaveLength(8);
    const starts = got.map((w) => Date.parse(w.start));
    for (const w of got) {
      expect(w.frames).toBe(16);
      expect(w.fps).toBe(7.5);
      // 16 frames at 7.5 fps span 16 / 7.5 = 2.133 s.
      expect(Date.parse(w.end) - Date.parse(w.start)).toBeCloseTo(16 * FRAME_MS, -1);
    }
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeCloseTo(STRIDE * FRAME_MS, -1);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DaemonProcess,
  labelsFile,
  processesMatching,
  removeTempConfigs,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt } from '../helpers/mqttCapture.js';
import { startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';

type Capture = Awaited<ReturnType<typeof captureMqtt>>;
type Message = Capture['messages'][number];

describe('daemon on a real RTSP camera and a real broker', () => {
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let camera: Awaited<ReturnType<typeof startRtspServer>>;
  let capture: Capture;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    broker = await startMosquitto();
    camera = await startRtspServer({ path: 'cam' });
    capture = await captureMqtt(broker.url, 'e2e/#');
    const config = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'e2e' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: 4 },
      log: { level: 'debug' },
      cameras: [{ name: 'cam1', stall_timeout_ms: 4000, source: { url: camera.url } }],
    });
    daemon = startDaemon(config);
  });

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await camera?.stop();
    await broker?.stop();
    removeTempConfigs();
  });

  const actions = () => capture.messages.filter((m) => m.topic === 'e2e/cam1/action');
  const lastAvailability = () =>
    capture.messages
      .filter((m) => m.topic === 'e2e/cam1/availability')
      .at(-1)
      ?.json().state;

  it('publishes action messages for the camera', async () => {
    const message = await capture.waitForMessage(
      (m: Message) => m.topic === 'e2e/cam1/action',
      40_000,
    );
    const action = message.json();
    expect(action.camera).toBe('cam1');
    expect(typeof action.label).toBe('string');
    expect(action.top_k).toHaveLength(5);
    expect(action.model).toEqual({ name: expect.any(String), weights: 'random' });
    expect(action.random_weights).toBe(true);
    expect(action.window.frames).toBe(16);
    expect(action.window.duration_ms).toBeGreaterThan(2000);
    expect(action.window.duration_ms).toBeLessThan(2300);
    expect(lastAvailability()).toBe('online');
    const bridge = capture.messages.filter((m) => m.topic === 'e2e/bridge/state').at(-1);
    expect(bridge?.json()).toEqual({ state: 'online' });
  });

  it('keeps running when the camera goes away, and the camera leaves online', async () => {
    await camera.stop();
    await waitFor(() => lastAvailability() !== undefined && lastAvailability() !== 'online', {
      timeoutMs: 20_000,
      what: 'camera availability leaving online',
    });
    expect(daemon.exited()).toBe(false);
  });

  it('streams again when the camera comes back', async () => {
    const before = actions().length;
    await camera.restart();
    await waitFor(() => actions().length > before, {
      timeoutMs: 45_000,
      what: 'actions after the camera came back',
    });
    await waitFor(() => lastAvailability() === 'online', {
      timeoutMs: 5_000,
      what: 'camera online again',
    });
  });

  it('stops cleanly on SIGTERM: offline published, no ffmpeg left, exit 0', async () => {
    const result = await daemon.stop();
    expect(result.code, daemon.output()).toBe(0);
    await waitFor(() => lastAvailability() === 'offline', {
      timeoutMs: 5_000,
      what: 'camera offline',
    });
    const bridge = capture.messages.filter((m) => m.topic === 'e2e/bridge/state').at(-1);
    expect(bridge?.json()).toEqual({ state: 'offline' });
    expect(await processesMatching(camera.url)).toEqual([]);
  });
});

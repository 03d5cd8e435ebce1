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
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';

const FRAME_MS = 1000 / 7.5;
const STRIDE = 8;
/** Topic of each target's action, with the `region` its payloads must carry. */
const TARGETS = [
  ['rg/gym/action', null],
  ['rg/gym/left/action', 'left'],
  ['rg/gym/right/action', 'right'],
] as const;

/**
 * The real CLI on a real clip with two regions and the tiny random-weight model: one ffmpeg,
 * three recognition targets, each with its own windows, events and alerts. Event thresholds
 * are so low that the camera's one label always holds (plumbing, which is what random weights
 * can test).
 */
describe('a camera with two regions', () => {
  let broker: Mosquitto;
  let capture: MqttCapture;
  let daemon: DaemonProcess;
  const json = (topic: string) =>
    capture.messages.filter((m) => m.topic === topic).map((m) => m.json());

  beforeAll(async () => {
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, 'rg/#');
    const config = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'rg' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: STRIDE, smoothing: { windows: 1 } },
      events: { enter_score: 0.0002, exit_score: 0.0001, min_duration_ms: 0, max_gap_ms: 4000 },
      alerts: [{ name: 'right_side', regions: ['right'], min_score: 0, cooldown_ms: 3_600_000 }],
      snapshots: { enabled: false },
      cameras: [
        {
          name: 'gym',
          labels: ['arm_wrestling'],
          motion: { enabled: false },
          // Paced at real time, as a camera would deliver it.
          source: { url: path.join(clipsDir, 'arm_wrestling.mp4'), realtime: true, loop: false },
          regions: [
            { name: 'left', x: 0, y: 0, width: 0.5, height: 1 },
            { name: 'right', x: 0.5, y: 0.2, width: 0.5, height: 0.2 },
          ],
        },
      ],
    });
    daemon = startDaemon(config);
    await waitFor(
      () => json('rg/gym/availability').some((message) => message.state === 'offline'),
      { timeoutMs: 60_000, what: 'the camera going offline at the end of the file' },
    );
  });

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
  });

  it('publishes each target’s windows on its own topic, with its region, at the model’s fps', async () => {
    // 280 frames at 28 fps = 75 sampled frames: windows end at frames 15, 23, ... 71 (8).
    await waitFor(() => TARGETS.every(([topic]) => json(topic).length >= 8), {
      timeoutMs: 20_000,
      what: '8 windows of every target',
    });
    const firstStart = Date.parse(json('rg/gym/action')[0].window.start);
    for (const [topic, region] of TARGETS) {
      const actions = json(topic);
      expect(actions.every((a) => a.camera === 'gym' && a.region === region)).toBe(true);
      for (const { window } of actions) {
        expect(window.frames).toBe(16);
        expect(window.fps).toBe(7.5);
        expect(Date.parse(window.end) - Date.parse(window.start)).toBeCloseTo(16 * FRAME_MS, -1);
        // Every target's windows sit on the same sampling grid, one every stride frames.
        const strides = (Date.parse(window.start) - firstStart) / (STRIDE * FRAME_MS);
        expect(Math.abs(strides - Math.round(strides))).toBeLessThan(0.01);
      }
      expect(actions.map((a) => a.label)).toContain('arm wrestling');
    }
  });

  it('warns once about a region smaller than the model’s input, with the factor', () => {
    // The tiny model resizes the short side to 73. 340x256: right is 170x51 (51 → 73), left
    // 170x256 is big enough.
    expect(daemon.output()).toContain(
      "region right is 170x51 source pixels, smaller than the model's input: upscaled 1.43x",
    );
    expect(daemon.output()).not.toContain('region left is');
  });

  it('tracks events per target and fires a region-scoped rule for that region only', async () => {
    await waitFor(() => json('rg/alerts').length > 0, { timeoutMs: 20_000, what: 'an alert' });
    const events = json('rg/events').filter((event) => event.type === 'new');
    expect(new Set(events.map((event) => event.region))).toEqual(new Set([null, 'left', 'right']));
    const alerts = json('rg/alerts');
    // One event per target holds the label, the rule alerts once per event: once, on `right`.
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'right_side', camera: 'gym', region: 'right' });
    const rightEvent = events.find((event) => event.region === 'right');
    expect(alerts[0].event_id).toBe(rightEvent.id);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectAsync } from 'mqtt';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  runCli,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';
import { discoveryProblems } from '../outputs/mqtt/haRequirements.js';

/**
 * The real CLI on a real clip with the tiny random-weight model: the wiring of events, alerts,
 * snapshots from ffmpeg's second output, the detect switch across a restart, and discovery.
 * Thresholds are set so low that the one label the camera reports always holds: plumbing,
 * which is what random weights can test.
 */
describe('the daemon publishes events, alerts and snapshots, and obeys its switches', () => {
  let broker: Mosquitto;
  let capture: MqttCapture;
  let daemon: DaemonProcess;
  let stateDir: string;
  let configFile: string;
  const topic = (name: string) => capture.messages.filter((m) => m.topic === name);
  const json = (name: string) => topic(name).map((m) => m.json());

  beforeAll(async () => {
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, '#');
    stateDir = mkdtempSync(path.join(tmpdir(), 'actionwatch-daemon-state-'));
    configFile = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'ed' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: 4, smoothing: { windows: 1 } },
      events: { enter_score: 0.0002, exit_score: 0.0001, min_duration_ms: 0, max_gap_ms: 4000 },
      alerts: [{ name: 'anything', min_score: 0, cooldown_ms: 3_600_000 }],
      snapshots: { fps: 2, width: 320 },
      homeassistant: { enabled: true, discovery_prefix: 'ha_d' },
      state_dir: stateDir,
      cameras: [
        {
          name: 'gym',
          labels: ['arm_wrestling'],
          source: { url: path.join(clipsDir, 'arm_wrestling.mp4'), realtime: true, loop: true },
        },
      ],
    });
    daemon = startDaemon(configFile);
  });

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('announces an event and alerts with an annotated snapshot from the camera’s own ffmpeg', async () => {
    await waitFor(() => json('ed/alerts').length > 0, { timeoutMs: 40_000, what: 'an alert' });
    const [event] = json('ed/events');
    expect(event).toMatchObject({
      type: 'new',
      camera: 'gym',
      label: 'arm wrestling',
      random_weights: true,
      note: 'model has random weights: labels are not recognitions',
    });
    const [alert] = json('ed/alerts');
    expect(alert).toMatchObject({ rule: 'anything', event_id: event.id, random_weights: true });
    expect(alert.snapshot.path.startsWith(path.join(stateDir, 'snapshots'))).toBe(true);
    await waitFor(() => topic('ed/gym/snapshot').length > 0, { what: 'snapshot message' });
    const meta = await sharp(readFileSync(alert.snapshot.path)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
    expect(topic('ed/alerts/anything/state').map((m) => m.payload.toString())).toEqual([
      'OFF',
      'ON',
    ]);
    // The action topic carries the camera's one label, smoothed over 1 window.
    expect(json('ed/gym/action').at(-1)).toMatchObject({ label: 'arm wrestling' });
  });

  it('announces Home Assistant entities that meet its requirements', () => {
    const configs = capture.messages.filter((m) => m.topic.startsWith('ha_d/'));
    // Bridge connection, the rule and its suspend number, and the camera's action, events,
    // detect and snapshot.
    expect(configs.length).toBe(7);
    expect(configs.flatMap((m) => discoveryProblems(m.topic, m.json()))).toEqual([]);
  });

  it('detect OFF ends the event, stops windows, and stays OFF across a restart', async () => {
    const client = await connectAsync(broker.url);
    await client.publishAsync('ed/gym/detect/set', 'OFF', { qos: 1 });
    await waitFor(() => json('ed/events').some((e) => e.end_reason === 'detect_off'), {
      what: 'event ended by detect OFF',
    });
    expect(topic('ed/alerts/anything/state').at(-1)?.payload.toString()).toBe('OFF');
    // The retained action no longer shows the last recognized one.
    await waitFor(() => json('ed/gym/action').at(-1)?.detect === 'OFF', {
      what: 'action message saying detection is off',
    });
    const offAction = topic('ed/gym/action').at(-1);
    expect(offAction?.retain).toBe(true);
    expect(offAction?.json()).toMatchObject({ camera: 'gym', label: null, detect: 'OFF' });
    const actionsAtOff = topic('ed/gym/action').length;
    expect((await daemon.stop()).code).toBe(0);
    // At most a window already in inference when the switch flipped.
    expect(topic('ed/gym/action').length).toBeLessThanOrEqual(actionsAtOff + 1);

    const statesBefore = topic('ed/gym/detect/state').length;
    const actionsBefore = topic('ed/gym/action').length;
    daemon = startDaemon(configFile);
    await waitFor(() => topic('ed/gym/detect/state').length > statesBefore, {
      timeoutMs: 20_000,
      what: 'detect state after restart',
    });
    expect(topic('ed/gym/detect/state').at(-1)?.payload.toString()).toBe('OFF');
    await waitFor(() => json('ed/gym/availability').at(-1)?.state === 'online', {
      timeoutMs: 20_000,
      what: 'camera online after restart',
    });
    // Started with detection off: it says so again (a broker without persistence forgot it).
    await waitFor(() => topic('ed/gym/action').length > actionsBefore, {
      what: 'detection-off action after restart',
    });
    expect(json('ed/gym/action').at(-1)).toMatchObject({ label: null, detect: 'OFF' });
    const actionsWhileOff = topic('ed/gym/action').length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(topic('ed/gym/action').length).toBe(actionsWhileOff);

    await client.publishAsync('ed/gym/detect/set', 'ON', { qos: 1 });
    await waitFor(() => topic('ed/gym/action').length > actionsWhileOff, {
      timeoutMs: 20_000,
      what: 'actions after detect ON',
    });
    expect(json('ed/gym/action').at(-1)).toMatchObject({ label: 'arm wrestling' });
    await client.endAsync();
  });
});

describe('labels the model does not have', () => {
  const unusedStateDir = mkdtempSync(path.join(tmpdir(), 'actionwatch-unused-state-'));
  afterAll(() => {
    removeTempConfigs();
    rmSync(unusedStateDir, { recursive: true, force: true });
  });

  it('stop the daemon at start with exit code 78, naming where they are configured', async () => {
    const file = writeTempConfig({
      mqtt: { url: 'mqtt://127.0.0.1:9' },
      model: { path: tinyModel, labels: labelsFile },
      alerts: [{ name: 'r', labels: ['weldin', 'arm_wrestling'] }],
      state_dir: unusedStateDir,
      cameras: [{ name: 'gym', source: { url: path.join(clipsDir, 'arm_wrestling.mp4') } }],
    });
    const result = await runCli(['run', '--config', file]);
    expect(result.code, result.stderr).toBe(78);
    expect(result.stderr).toContain(
      'alerts[0].labels: "weldin" is not a label of the model (it has 400 labels, e.g. "abseiling")',
    );
  });
});

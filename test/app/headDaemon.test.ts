import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  runCli,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { generateExamples } from '../helpers/generatedScenes.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';
import { discoveryProblems } from '../outputs/mqtt/haRequirements.js';

/**
 * A head taught with `actionwatch teach` on generated scenes drives the real daemon: its labels
 * come out as actions, events and alerts (labels_from: the head) through a real Mosquitto,
 * beside the model's own labels. The tiny model has random weights, and the event thresholds
 * are so low that any window holds every label: this tests the wiring, not recognition.
 */
describe('the daemon with a taught head', () => {
  let scratch: string;
  let broker: Mosquitto;
  let capture: MqttCapture;
  let daemon: DaemonProcess;
  let headPath: string;
  const json = (name: string) =>
    capture.messages.filter((m) => m.topic === name).map((m) => m.json());

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-head-daemon-'));
    const examples = path.join(scratch, 'examples');
    generateExamples(examples);
    headPath = path.join(scratch, 'dock.head.json');
    const taught = await runCli([
      'teach',
      examples,
      '-m',
      tinyModel,
      '-l',
      labelsFile,
      '--stride',
      '4',
      '--name',
      'dock',
      '-o',
      headPath,
      '--json',
    ]);
    expect(taught.code, taught.stderr).toBe(0);
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, '#');
    const configFile = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'hd' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: 4, smoothing: { windows: 1 } },
      events: { enter_score: 0.0002, exit_score: 0.0001, min_duration_ms: 0, max_gap_ms: 4000 },
      alerts: [{ name: 'cells_seen', labels: ['cells'], min_score: 0, cooldown_ms: 3_600_000 }],
      snapshots: { enabled: false },
      homeassistant: { enabled: true, discovery_prefix: 'ha_h' },
      state_dir: path.join(scratch, 'state'),
      cameras: [
        {
          name: 'dock',
          head: headPath,
          labels: ['arm_wrestling'],
          source: {
            url: path.join(examples, 'cells', 'cells1.mp4'),
            realtime: true,
            loop: true,
          },
        },
      ],
    });
    daemon = startDaemon(configFile);
    // Generating nine videos and teaching on them takes a while on a busy machine.
  }, 240_000);

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("publishes the head's labels as the camera's action, with the model's beside them", async () => {
    await waitFor(() => json('hd/dock/action').some((a) => a.labels_from === 'dock'), {
      timeoutMs: 40_000,
      what: "an action with the head's labels",
    });
    const head = JSON.parse(readFileSync(headPath, 'utf8'));
    const action = json('hd/dock/action').find((a) => a.labels_from === 'dock');
    expect(head.labels).toContain(action.label);
    expect(action.top_k.map((s: { label: string }) => s.label).sort()).toEqual(
      [...head.labels].sort(),
    );
    expect(action.model_labels).toMatchObject({ labels_from: 'mvit_tiny', label: 'arm wrestling' });
    expect(action.random_weights).toBe(true);
  });

  it('turns a head label into an event and an alert named by its rule', async () => {
    await waitFor(() => json('hd/alerts').length > 0, { timeoutMs: 40_000, what: 'an alert' });
    const events = json('hd/events');
    const cells = events.find((e) => e.label === 'cells');
    expect(cells).toMatchObject({ type: 'new', camera: 'dock', labels_from: 'dock' });
    // The model's own label makes its own event, told apart by labels_from.
    await waitFor(() => json('hd/events').some((e) => e.labels_from === 'mvit_tiny'), {
      what: "an event of the model's own label",
    });
    expect(json('hd/events').find((e) => e.labels_from === 'mvit_tiny')).toMatchObject({
      label: 'arm wrestling',
    });
    expect(events.some((e) => e.label === 'background')).toBe(false);
    const [alert] = json('hd/alerts');
    expect(alert).toMatchObject({
      rule: 'cells_seen',
      camera: 'dock',
      label: 'cells',
      labels_from: 'dock',
      event_id: cells.id,
      random_weights: true,
    });
  });

  it('announces Home Assistant entities that meet its requirements', () => {
    const configs = capture.messages.filter((m) => m.topic.startsWith('ha_h/'));
    expect(configs.length).toBeGreaterThan(0);
    expect(configs.flatMap((m) => discoveryProblems(m.topic, m.json()))).toEqual([]);
  });
});

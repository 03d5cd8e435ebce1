import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectAsync } from 'mqtt';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPipeline,
  PartList,
  type Pipeline,
  type PipelineEngine,
  snapshotOutput,
} from '../../src/app/index.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { ResultBus } from '../../src/core/index.js';
import { JpegSplitter } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { defaultCardPath, loadModelCard } from '../../src/model/index.js';
import type { WindowResult } from '../../src/schedule/index.js';
import { clipsDir, labelsFile, repoRoot, tinyModel } from '../helpers/daemonProcess.js';
import { ManualClock } from '../helpers/manualClock.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';
import { discoveryProblems } from '../outputs/mqtt/haRequirements.js';
import { mjpegStreamOf } from '../outputs/snapshots/support.js';

/**
 * A scripted engine's logits through the real recognition pipeline and a real Mosquitto: the
 * events, alerts, rule states, snapshot and switches that come out are checked exactly.
 * Windows end every second from T0 (13:00 in Berlin, inside the wrestling rule's schedule).
 */
const T0 = Date.parse('2025-01-08T12:00:00Z');
const FRAME_PERIOD_MS = 100;
const LABELS = readFileSync(labelsFile, 'utf8').trim().split('\n');
const ARM_WRESTLING = LABELS.indexOf('arm wrestling');
const PUSH_UP = LABELS.indexOf('push up');
const SECOND_MS = 1000;

/** Raw (before smoothing) probabilities of arm wrestling and push up, one window a second. */
const SCRIPT: [armWrestling: number, pushUp: number][] = [
  [0.9, 0], // 0: enters, pending (min_duration 1 s)
  [0.9, 0], // 1: announced: new
  [0.9, 0], // 2: lasted 2 s at 0.9: the wrestling rule alerts
  [0.1, 0], // 3: mean of 2 = 0.5, still above exit 0.4
  [0.1, 0], // 4: 0.1, a gap of 1 s
  [0.9, 0], // 5: 0.5 again: the gap joins
  [0.1, 0.55], // 6: 0.5; push up flickers below enter
  [0.1, 0.55], // 7: gap; push up at 0.55 < 0.6: no event
  [0.1, 0], // 8
  [0.1, 0], // 9: 3 s since 6 > max_gap 2.5 s: end at 6 s
  [0.9, 0], // 10: mean 0.5: below enter, nothing starts
  [0.9, 0], // 11: enters
  [0.9, 0], // 12: new
  [0.9, 0], // 13: would alert, but the cooldown (60 s) holds
  [0.1, 0], // 14: 0.5, held
  [0.1, 0], // 15
  [0.1, 0], // 16
  [0.1, 0], // 17: end at 14 s
];

/** Logits whose softmax is exactly `probabilities` (the rest spread evenly). */
function logitsFor(probabilities: Map<number, number>): Float32Array {
  const rest = 1 - [...probabilities.values()].reduce((a, b) => a + b, 0);
  const each = rest / (LABELS.length - probabilities.size);
  const logits = new Float32Array(LABELS.length).fill(Math.log(each));
  for (const [index, p] of probabilities) logits[index] = Math.log(Math.max(p, 1e-9));
  return logits;
}

function windowAt(second: number, arm: number, push: number): WindowResult {
  const endMs = T0 + second * SECOND_MS;
  return {
    camera: 'gym',
    endSeq: second,
    startMs: endMs - 2133,
    endMs: endMs - FRAME_PERIOD_MS,
    dueAtMs: endMs,
    inferenceMs: 5,
    batchSize: 1,
    logits: logitsFor(
      new Map([
        [ARM_WRESTLING, arm],
        [PUSH_UP, push],
      ]),
    ),
  };
}

function writeConfig(dir: string, brokerUrl: string): Config {
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      mqtt: { url: brokerUrl, prefix: 'ew' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { smoothing: { method: 'mean', windows: 2 } },
      events: { enter_score: 0.6, exit_score: 0.4, min_duration_ms: 1000, max_gap_ms: 2500 },
      alerts: [
        {
          name: 'wrestling',
          labels: ['arm_wrestling'],
          min_score: 0.7,
          min_duration_ms: 2000,
          cooldown_ms: 60_000,
          severity: 'critical',
          schedule: { timezone: 'Europe/Berlin', windows: [{ start: '12:00', end: '14:00' }] },
        },
        {
          name: 'night_pushups',
          cameras: ['gym'],
          labels: ['push up'],
          min_score: 0.1,
          schedule: { timezone: 'Europe/Berlin', windows: [{ start: '22:00', end: '06:00' }] },
        },
      ],
      snapshots: { fps: 1, width: 320, dir: path.join(dir, 'snapshots'), max_files: 5 },
      homeassistant: { enabled: true, discovery_prefix: 'ha_e2e' },
      state_dir: path.join(dir, 'state'),
      cameras: [
        {
          name: 'gym',
          labels: ['arm_wrestling', 'Push Up'],
          source: { url: path.join(clipsDir, 'arm_wrestling.mp4') },
        },
      ],
    }),
  );
  return loadConfig({ file, env: {}, cwd: repoRoot });
}

interface Running {
  pipeline: Pipeline;
  parts: PartList;
  clock: ManualClock;
}

/** The tiny model's card as a scripted model: its windows' logits come from the test. */
function scriptedEngine(): PipelineEngine {
  const card = { ...loadModelCard(defaultCardPath(tinyModel)), name: 'scripted' };
  return {
    labels: LABELS,
    card: { ...card, weights: 'scripted', fps: 1000 / FRAME_PERIOD_MS },
    maxBatch: 1,
    clipSlot: () => {
      throw new Error('the scripted engine is never run');
    },
    run: () => Promise.reject(new Error('the scripted engine is never run')),
  };
}

/** The daemon's own parts after the scheduler (buildPipeline), on a clock the test moves. */
async function startPipeline(config: Config): Promise<Running> {
  const clock = new ManualClock(T0);
  const bus = new ResultBus(silentLogger());
  const deps = { config, engine: scriptedEngine(), bus, clock, logger: silentLogger() };
  const pipeline = buildPipeline(deps);
  const parts = new PartList(silentLogger());
  await parts.start(pipeline.parts);
  await pipeline.client.waitConnected(10_000);
  return { pipeline, parts, clock };
}

describe('windows to events, alerts, snapshots and switches through a real broker', () => {
  let broker: Mosquitto;
  let capture: MqttCapture;
  let dir: string;
  let config: Config;
  let running: Running;
  const topic = (name: string) => capture.messages.filter((m) => m.topic === name);
  const events = () => topic('ew/events').map((m) => m.json());
  const alerts = () => topic('ew/alerts').map((m) => m.json());

  beforeAll(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-events-'));
    config = writeConfig(dir, broker.url);
    // A config left over from a camera that no longer exists: discovery must remove it.
    const other = await connectAsync(broker.url);
    await other.publishAsync('ha_e2e/sensor/ew/old_cam_action/config', '{"name":"x"}', {
      qos: 1,
      retain: true,
    });
    await other.endAsync();
    capture = await captureMqtt(broker.url, '#');
    running = await startPipeline(config);
    const snapshotSink = snapshotOutput(config, running.pipeline.snapshots, 'gym');
    let second = 0;
    new JpegSplitter((jpeg) => snapshotSink?.onJpeg(jpeg, T0 + second++ * SECOND_MS)).push(
      mjpegStreamOf('arm_wrestling.mp4', 10),
    );
  });

  afterAll(async () => {
    await running?.parts.stop();
    await capture?.close();
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes each rule OFF and the camera detecting at start', async () => {
    await waitFor(() => topic('ew/gym/detect/state').length > 0, { what: 'detect state' });
    expect(topic('ew/alerts/wrestling/state').map((m) => m.payload.toString())).toEqual(['OFF']);
    expect(topic('ew/alerts/night_pushups/state').map((m) => m.payload.toString())).toEqual([
      'OFF',
    ]);
    expect(topic('ew/gym/detect/state').map((m) => [m.payload.toString(), m.retain])).toEqual([
      ['ON', true],
    ]);
  });

  it('turns the scripted windows into exactly the expected events, alert and rule states', async () => {
    const smoothedLabels: string[] = [];
    SCRIPT.forEach(([arm, push], second) => {
      const recognition = running.pipeline.recognition.handleWindow(windowAt(second, arm, push));
      smoothedLabels.push(`${recognition?.label} ${recognition?.score.toFixed(2)}`);
    });
    // The camera's label filter: only its two labels are ever reported.
    expect(new Set(smoothedLabels.map((s) => s.split(' ').slice(0, -1).join(' ')))).toEqual(
      new Set(['arm wrestling', 'push up']),
    );
    await waitFor(() => events().length >= 4 && alerts().length >= 1, {
      what: '4 events and an alert',
    });
    const at = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - T0) / SECOND_MS);
    expect(
      events().map((e) => [
        e.type,
        e.label,
        at(e.start_time),
        at(e.end_time),
        e.top_score,
        e.end_reason,
      ]),
    ).toEqual([
      ['new', 'arm wrestling', 0, null, 0.9, undefined],
      ['end', 'arm wrestling', 0, 6, 0.9, 'gap'],
      ['new', 'arm wrestling', 11, null, 0.9, undefined],
      ['end', 'arm wrestling', 11, 14, 0.9, 'gap'],
    ]);
    const [first, , second] = events();
    expect(events().map((e) => e.id)).toEqual([first.id, first.id, second.id, second.id]);
    expect(first).toMatchObject({ camera: 'gym', random_weights: false, duration_ms: 1000 });
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({
      rule: 'wrestling',
      severity: 'critical',
      camera: 'gym',
      label: 'arm wrestling',
      event_id: first.id,
      time: new Date(T0 + 2 * SECOND_MS).toISOString(),
      random_weights: false,
    });
    expect(topic('ew/alerts/wrestling/state').map((m) => m.payload.toString())).toEqual([
      'OFF',
      'ON',
      'OFF',
    ]);
    expect(topic('ew/alerts/night_pushups/state').map((m) => m.payload.toString())).toEqual([
      'OFF',
    ]);
    expect(topic('ew/events').every((m) => !m.retain)).toBe(true);
  });

  it('sends one annotated snapshot JPEG that decodes, saved and referenced by the alert', async () => {
    await waitFor(() => topic('ew/gym/snapshot').length > 0, { what: 'snapshot' });
    const snapshots = topic('ew/gym/snapshot');
    expect(snapshots).toHaveLength(1);
    const meta = await sharp(snapshots[0]!.payload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
    const reference = alerts()[0].snapshot;
    expect(reference).toMatchObject({
      topic: 'ew/gym/snapshot',
      time: new Date(T0 + 2 * SECOND_MS).toISOString(),
    });
    expect(readdirSync(path.join(dir, 'snapshots'))).toEqual([path.basename(reference.path)]);
    expect(readFileSync(reference.path).equals(snapshots[0]!.payload)).toBe(true);
  });

  it('announces Home Assistant discovery that meets its requirements and removes the stale entity', async () => {
    await waitFor(
      () => topic('ha_e2e/sensor/ew/old_cam_action/config').some((m) => m.payload.length === 0),
      {
        what: 'stale config removed',
      },
    );
    const configs = capture.messages.filter(
      (m) => m.topic.startsWith('ha_e2e/') && m.topic.endsWith('/config') && m.payload.length > 0,
    );
    const current = configs.filter((m) => !m.topic.includes('old_cam'));
    // Bridge connection; per rule its binary_sensor and suspend number; the camera's four.
    expect(new Set(current.map((m) => m.topic)).size).toBe(9);
    expect(current.flatMap((m) => discoveryProblems(m.topic, m.json()))).toEqual([]);
    // Every topic the entities read is one this daemon published.
    for (const message of current) {
      const { state_topic: stateTopic } = message.json();
      if (stateTopic === 'ew/bridge/state' || stateTopic === 'ew/gym/action') continue;
      if (stateTopic !== undefined) expect(topic(stateTopic).length, stateTopic).toBeGreaterThan(0);
    }
    const before = configs.length;
    const ha = await connectAsync(broker.url);
    await ha.publishAsync('ha_e2e/status', 'online', { qos: 1 });
    await ha.endAsync();
    await waitFor(
      () =>
        capture.messages.filter((m) => m.topic.startsWith('ha_e2e/') && m.payload.length > 0)
          .length >=
        before + 9,
      { what: 'discovery announced again' },
    );
  });

  it('suspends a rule by MQTT command and lets the suspension expire on the clock', async () => {
    const attributes = () => topic('ew/alerts/wrestling/attributes').map((m) => m.json());
    const client = await connectAsync(broker.url);
    await client.publishAsync('ew/alerts/wrestling/suspend', '1', { qos: 1 });
    await waitFor(() => attributes().at(-1)?.suspended === true, { what: 'rule suspended' });
    expect(attributes().at(-1)?.suspended_until).toBe(new Date(T0 + 60_000).toISOString());
    expect(attributes().at(-1)?.suspended_minutes).toBe(1);
    running.clock.set(T0 + 60_000);
    await waitFor(() => attributes().at(-1)?.suspended === false, { what: 'suspension expired' });
    expect(attributes().at(-1)?.suspended_minutes).toBe(0);
    await client.endAsync();
  });

  it('switches detection off by MQTT: no more windows, state retained and kept across a restart', async () => {
    const client = await connectAsync(broker.url);
    await client.publishAsync('ew/gym/detect/set', 'OFF', { qos: 1 });
    await waitFor(() => topic('ew/gym/detect/state').at(-1)?.payload.toString() === 'OFF', {
      what: 'detect OFF',
    });
    await client.endAsync();
    expect(running.pipeline.controls.isDetecting('gym')).toBe(false);
    await waitFor(() => topic('ew/gym/action').at(-1)?.json().detect === 'OFF', {
      what: 'retained action saying detection is off',
    });
    expect(topic('ew/gym/action').at(-1)?.retain).toBe(true);
    expect(running.pipeline.recognition.handleWindow(windowAt(30, 0.9, 0))).toBeUndefined();

    // Saved within 250 ms, and at the latest when stopping.
    await running.parts.stop();
    expect(existsSync(path.join(dir, 'state', 'controls.json'))).toBe(true);
    const seen = topic('ew/gym/detect/state').length;
    const actionsSeen = topic('ew/gym/action').length;
    running = await startPipeline(config);
    expect(running.pipeline.controls.isDetecting('gym')).toBe(false);
    await waitFor(() => topic('ew/gym/detect/state').length > seen, {
      what: 'state after restart',
    });
    expect(topic('ew/gym/detect/state').at(-1)?.payload.toString()).toBe('OFF');
    await waitFor(() => topic('ew/gym/action').length > actionsSeen, {
      what: 'detection-off action after restart',
    });
    expect(topic('ew/gym/action').at(-1)?.json()).toMatchObject({ label: null, detect: 'OFF' });
  });
});

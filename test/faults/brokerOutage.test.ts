import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipsDir, type DaemonProcess, startDaemon } from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { stillRunning } from '../helpers/procScan.js';
import { waitFor } from '../helpers/waitFor.js';
import { type Gate, startGate } from './gate.js';
import {
  childProcesses,
  explained,
  fetchText,
  firstArrivals,
  logLines,
  metric,
  sleep,
  startFaultDaemon,
  tearDown,
  waitUntilSubscribed,
} from './support.js';

/**
 * The real daemon raising real alerts (the tiny random-weight model on a real clip, with an
 * alert rule loose enough to fire about once a second) while its broker goes away.
 * Delivery is at-least-once: repeats may arrive, so each check looks at first arrivals.
 */

const CLIP = path.join(clipsDir, 'arm_wrestling.mp4');
const OUTAGE_MS = 30_000;

describe('faults: the broker goes away while alerts fire', () => {
  let broker: Mosquitto;
  let gate: Gate;
  let capture: MqttCapture;
  let daemon: DaemonProcess;
  let configFile: string;
  let httpPort: number;

  const metrics = async () => fetchText(`http://127.0.0.1:${httpPort}/metrics`);
  /** What the daemon says it published, in its order, as the payload fields that name an alert. */
  const loggedAlerts = () =>
    logLines(daemon, 'alert').map((line) => `${line.camera}|${line.label}|${round4(line.score)}`);
  const receivedAlerts = () =>
    firstArrivals(capture, 'fo/alerts').map((text) => {
      const alert = JSON.parse(text) as { camera: string; label: string; score: number };
      return `${alert.camera}|${alert.label}|${alert.score}`;
    });

  beforeAll(async () => {
    broker = await startMosquitto();
    gate = await startGate(broker.port);
    capture = await captureMqtt(broker.url, 'fo/#');
    ({ daemon, configFile, httpPort } = await startFaultDaemon({
      // Through the gate: after a broker restart the daemon reconnects only once the test's
      // subscriber is back, so nothing the daemon delivers goes unseen.
      mqtt: { url: `mqtt://127.0.0.1:${gate.port}`, prefix: 'fo' },
      recognition: { stride: 8 },
      events: { enter_score: 0.03, exit_score: 0.02, min_duration_ms: 0, max_gap_ms: 0 },
      alerts: [{ name: 'any_action', min_score: 0, cooldown_ms: 1000 }],
      cameras: [{ name: 'gym', source: { url: CLIP, realtime: true, loop: true } }],
    }));
  });

  afterAll(async () => {
    await tearDown(daemon, capture, gate, broker);
  });

  it('Mosquitto stopped for 30 s: every alert arrives afterwards, in order, none lost', {
    timeout: 120_000,
  }, async () => {
    await explained(
      daemon,
      waitFor(() => receivedAlerts().length >= 2, {
        timeoutMs: 30_000,
        what: 'alerts flowing before the outage',
      }),
    );
    gate.shut();
    await broker.stop();
    const downAtMs = Date.now();
    await sleep(OUTAGE_MS);
    const firedWhileDown = loggedAlerts().length - receivedAlerts().length;
    const depthWhileDown = metric(await metrics(), 'actionwatch_outbox_depth') ?? 0;
    expect(firedWhileDown, 'alerts raised while the broker was down').toBeGreaterThanOrEqual(5);
    expect(depthWhileDown).toBeGreaterThanOrEqual(firedWhileDown);

    await broker.restart();
    await waitUntilSubscribed(broker.url, capture, 'fo/alerts');
    gate.open();
    const backAtMs = Date.now();
    const expected = loggedAlerts();
    await waitFor(() => receivedAlerts().length >= expected.length, {
      timeoutMs: 20_000,
      what: `the ${expected.length} alerts raised so far`,
    });
    const drainedInMs = Date.now() - backAtMs;
    expect(receivedAlerts().slice(0, expected.length)).toEqual(expected);
    const text = await metrics();
    expect(metric(text, 'actionwatch_outbox_dropped_total')).toBe(0);
    console.info(
      `broker outage ${backAtMs - downAtMs} ms: ${firedWhileDown} alerts raised meanwhile ` +
        `(outbox depth ${depthWhileDown} with events), all ${expected.length} delivered in order ` +
        `${drainedInMs} ms after the broker was back`,
    );
  });

  it('SIGKILLed with alerts in its outbox, then restarted: they are delivered, no ffmpeg is left', {
    timeout: 90_000,
  }, async () => {
    gate.shut();
    const journal = path.join(path.dirname(configFile), 'state', 'outbox.jsonl');
    // Raised after the gate shut: in the journal and not yet at the broker (messages in
    // flight at the cut may have reached it already; those come again, at least once).
    const pendingAlerts = () => {
      const arrived = new Set(firstArrivals(capture, 'fo/alerts'));
      return pendingInJournal(journal, 'fo/alerts').filter((payload) => !arrived.has(payload));
    };
    await waitFor(() => pendingAlerts().length >= 3, {
      timeoutMs: 30_000,
      what: '3 alerts waiting in the outbox',
    });
    const ffmpeg = await childProcesses(daemon.child.pid as number, 'ffmpeg');
    expect(ffmpeg).toHaveLength(1);
    daemon.child.kill('SIGKILL');
    await daemon.stop();
    const left = pendingAlerts();
    // The daemon's ffmpeg dies with it (parent-death signal), not left running.
    await waitFor(async () => (await stillRunning(ffmpeg)).length === 0, {
      timeoutMs: 2_000,
      what: 'no ffmpeg left after the daemon was SIGKILLed',
    });

    const before = capture.messages.length;
    gate.open();
    daemon = startDaemon(configFile);
    await waitFor(
      () => {
        const arrived = firstArrivals(capture, 'fo/alerts');
        return left.every((payload) => arrived.includes(payload));
      },
      { timeoutMs: 30_000, what: `the ${left.length} alerts left in the outbox` },
    );
    const arrived = firstArrivals(capture, 'fo/alerts');
    const order = left.map((payload) => arrived.indexOf(payload));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(capture.messages.length).toBeGreaterThan(before);
  });
});

/** Payloads on `topic` that the journal still holds (not marked done), oldest first. */
function pendingInJournal(file: string, topic: string): string[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const records = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { s?: number; t?: string; p?: string; d?: number }];
      } catch {
        return [];
      }
    });
  const done = Math.max(0, ...records.map((r) => r.d ?? 0));
  return records
    .filter((r) => r.s !== undefined && r.s > done && r.t === topic)
    .map((r) => r.p as string);
}

function round4(value: unknown): number {
  return Math.round(Number(value) * 10_000) / 10_000;
}

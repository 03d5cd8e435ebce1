import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { waitFor } from '../helpers/waitFor.js';
import { type Gate, startGate } from './gate.js';
import { firstArrivals, tearDown } from './support.js';

const PRODUCER = path.join(import.meta.dirname, 'outboxProducer.mjs');

interface Producer {
  child: ChildProcess;
  output(): string;
  /** The highest N it printed `published N` for: publishEvent() had returned for it. */
  lastPublished(): number;
}

function startProducer(args: Record<string, string | number>): Producer {
  const argv = Object.entries(args).flatMap(([key, value]) => [`--${key}`, String(value)]);
  const child = spawn(process.execPath, [PRODUCER, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return {
    child,
    output: () => text,
    lastPublished: () =>
      Math.max(0, ...[...text.matchAll(/^published (\d+)$/gm)].map((m) => Number(m[1]))),
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('close', () => resolve()));
}

/**
 * The outbox on its own, in a small program around the daemon's MqttClient and Outbox:
 * numbered alerts make "every one, in order" exact.
 */
describe('faults: the outbox across a SIGKILL in the middle of a burst', () => {
  let broker: Mosquitto;
  let gate: Gate;
  let capture: MqttCapture;
  let stateDir: string;
  const producers: Producer[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    gate = await startGate(broker.port);
    capture = await captureMqtt(broker.url, 'fp/alerts');
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-producer-'));
  });

  afterAll(async () => {
    for (const producer of producers) {
      producer.child.kill('SIGKILL');
      await exited(producer.child);
    }
    await tearDown(capture, gate, broker);
    if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
  });

  it('delivers every alert whose publishEvent() returned before the kill, in order', async () => {
    const common = { broker: `mqtt://127.0.0.1:${gate.port}`, state: stateDir, prefix: 'fp' };
    gate.shut();
    const first = startProducer({ ...common, count: 100_000, 'every-ms': 1 });
    producers.push(first);
    await waitFor(() => first.lastPublished() >= 300, {
      timeoutMs: 20_000,
      what: `300 alerts published (output: ${first.output().slice(-500)})`,
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const published = first.lastPublished();

    gate.open();
    const second = startProducer({ ...common, count: 0 });
    producers.push(second);
    const numbers = () =>
      firstArrivals(capture, 'fp/alerts').map((text) => JSON.parse(text).n as number);
    await waitFor(() => numbers().length >= published, {
      timeoutMs: 20_000,
      what: `the ${published} alerts published before the kill`,
    });
    const arrived = numbers();
    expect(arrived.slice(0, published)).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    // At most the one being written at the kill comes on top, whole or not at all.
    expect(arrived.length - published).toBeLessThanOrEqual(1);
    const repeats = capture.messages.length - arrived.length;
    console.info(
      `outbox producer SIGKILLed after ${published} alerts: all ${published} delivered in order ` +
        `after the restart, ${repeats} repeated (at-least-once)`,
    );
  });
});

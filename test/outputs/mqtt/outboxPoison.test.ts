import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttClient, Outbox } from '../../../src/outputs/mqtt/index.js';
import { type Mosquitto, startMosquitto } from '../../helpers/mosquitto.js';
import { captureMqtt } from '../../helpers/mqttCapture.js';
import { waitFor } from '../../helpers/waitFor.js';
import { captureLog, mqttConfig } from './support.js';

const SET_ASIDE = 'outbox set aside messages that can never be published';

/** A journal line as the outbox writes it, with whatever topic and payload a test wants. */
const record = (seq: number, topic: unknown, payload: unknown) =>
  JSON.stringify({ s: seq, t: topic, p: payload, at: 1 });
const alert = (n: number) => JSON.stringify({ n });

describe('Outbox with records that can never be published, through a real broker', () => {
  const cleanups: Array<() => unknown> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const broker: Mosquitto = await startMosquitto();
    cleanups.push(() => broker.stop());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-poison-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const seen = await captureMqtt(broker.url, 'aw/#');
    cleanups.push(() => seen.close());
    return { broker, dir, seen };
  }

  function start(url: string, dir: string) {
    const log = captureLog();
    const outbox = Outbox.open({ dir, maxMessages: 100, maxBytes: 1_000_000, logger: log.logger });
    const publisher = new MqttClient({
      config: mqttConfig({ url, prefix: 'aw' }),
      logger: log.logger,
      outbox,
      stopTimeoutMs: 1_000,
    });
    cleanups.push(async () => {
      await publisher.stop([]);
      await outbox.close();
    });
    publisher.start();
    return { outbox, publisher, log };
  }

  const alertsSeen = (seen: Awaited<ReturnType<typeof captureMqtt>>) =>
    seen.messages.filter((m) => m.topic === 'aw/alerts').map((m) => m.json().n);

  it('delivers the rest of a poisoned journal and sets the poison aside', async () => {
    const { broker, dir, seen } = await setUp();
    const poison = [
      record(2, 'aw/alerts/#', alert(2)),
      record(3, '', alert(3)),
      record(4, 'aw/+/alerts', alert(4)),
      record(5, 'aw/alerts', { n: 5 }),
    ];
    const lines = [record(1, 'aw/alerts', alert(1)), ...poison, record(6, 'aw/alerts', alert(6))];
    writeFileSync(path.join(dir, 'outbox.jsonl'), `${lines.join('\n')}\n`);

    const { outbox, publisher, log } = start(broker.url, dir);
    await waitFor(() => alertsSeen(seen).length >= 2, {
      timeoutMs: 10_000,
      what: 'alerts 1 and 6',
    });
    expect(alertsSeen(seen)).toEqual([1, 6]);
    await waitFor(() => outbox.stats().depth === 0, { timeoutMs: 10_000, what: 'outbox empty' });
    expect(outbox.stats().quarantined).toBe(4);
    expect(log.linesWithMsg(SET_ASIDE)).toEqual([expect.objectContaining({ count: 4 })]);
    // One connection all along: nothing made the broker drop it.
    expect(log.linesWithMsg('MQTT connected')).toHaveLength(1);
    expect(log.text()).not.toContain('MQTT connection lost');
    expect(publisher.connected).toBe(true);

    const quarantined = readFileSync(path.join(dir, 'outbox.quarantine.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(quarantined.map((q) => JSON.stringify(q.record))).toEqual(poison);
    expect(quarantined.map((q) => q.reason)).toEqual([
      'topic holds a wildcard (# or +)',
      'topic is empty',
      'topic holds a wildcard (# or +)',
      'payload is not a string',
    ]);
    // Not in the journal any more: the next start does not meet them again.
    expect(readFileSync(path.join(dir, 'outbox.jsonl'), 'utf8')).not.toContain('#');
  });

  it('sets aside an unpublishable message handed to it, and delivers the next one', async () => {
    const { broker, dir, seen } = await setUp();
    const { outbox, publisher, log } = start(broker.url, dir);
    await publisher.waitConnected(10_000);
    publisher.publishEvent('aw/alerts/#', { n: 1 });
    publisher.publishEvent('aw/alerts', { n: 2 });
    await waitFor(() => alertsSeen(seen).length >= 1, { timeoutMs: 10_000, what: 'alert 2' });
    expect(alertsSeen(seen)).toEqual([2]);
    expect(outbox.stats().quarantined).toBe(1);
    expect(log.linesWithMsg(SET_ASIDE)).toEqual([
      expect.objectContaining({ count: 1, reasons: ['topic holds a wildcard (# or +)'] }),
    ]);
    expect(log.linesWithMsg('MQTT connected')).toHaveLength(1);
  });
});

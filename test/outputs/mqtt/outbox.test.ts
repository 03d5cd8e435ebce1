import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, OutboxOpenError, type OutboxSend } from '../../../src/outputs/mqtt/index.js';
import { captureLog } from './support.js';

const dirs: string[] = [];
const outboxes: Outbox[] = [];

afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-outbox-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, limits: { maxMessages?: number; maxBytes?: number } = {}) {
  const log = captureLog();
  const outbox = Outbox.open({
    dir,
    maxMessages: limits.maxMessages ?? 100,
    maxBytes: limits.maxBytes ?? 1_000_000,
    logger: log.logger,
    maxInFlight: 4,
    retryAfterErrorMs: 20,
  });
  outboxes.push(outbox);
  return { outbox, log };
}

/** A broker stand-in that records what was sent and acknowledges when told to. */
function fakeBroker() {
  const sent: Array<{ topic: string; payload: string; done: (err?: Error | null) => void }> = [];
  const send: OutboxSend = (topic, payload, done) => sent.push({ topic, payload, done });
  // MQTT.js acknowledges with null, not undefined.
  const ackAll = () => {
    for (const message of sent.splice(0)) message.done(null);
  };
  return { sent, send, ackAll };
}

const n = (i: number) => JSON.stringify({ n: i });
const ns = (messages: Array<{ payload: string }>) => messages.map((m) => JSON.parse(m.payload).n);
const closeAndReopen = async (outbox: Outbox, dir: string) => {
  await outbox.close();
  outboxes.splice(outboxes.indexOf(outbox), 1);
  return open(dir);
};

describe('Outbox delivery', () => {
  it('sends in order, at most maxInFlight at a time, and forgets what the broker acknowledged', () => {
    const { outbox } = open(stateDir());
    const broker = fakeBroker();
    for (let i = 1; i <= 6; i++) outbox.add('aw/events', n(i));
    expect(broker.sent).toHaveLength(0);
    outbox.resume(broker.send);
    expect(ns(broker.sent)).toEqual([1, 2, 3, 4]);
    expect(outbox.stats()).toMatchObject({ depth: 6, inFlight: 4, delivered: 0 });
    broker.ackAll();
    expect(ns(broker.sent)).toEqual([5, 6]);
    broker.ackAll();
    expect(outbox.stats()).toMatchObject({ depth: 0, inFlight: 0, delivered: 6, bytes: 0 });
  });

  it('sends nothing while paused and carries on after resume', () => {
    const { outbox } = open(stateDir());
    const broker = fakeBroker();
    outbox.resume(broker.send);
    outbox.add('aw/alerts', n(1));
    outbox.pause();
    outbox.add('aw/alerts', n(2));
    expect(ns(broker.sent)).toEqual([1]);
    // MQTT.js resends the message in flight itself after the reconnect, and calls back then.
    broker.ackAll();
    outbox.resume(broker.send);
    expect(ns(broker.sent)).toEqual([2]);
  });

  it('sends a refused message again, before newer ones, after a pause', async () => {
    const { outbox } = open(stateDir());
    const broker = fakeBroker();
    outbox.resume(broker.send);
    outbox.add('aw/events', n(1));
    outbox.add('aw/events', n(2));
    const [first, second] = broker.sent.splice(0);
    first?.done(new Error('Connection closed'));
    second?.done();
    expect(outbox.stats()).toMatchObject({ depth: 2, inFlight: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ns(broker.sent)).toEqual([1]);
    broker.ackAll();
    expect(outbox.stats()).toMatchObject({ depth: 0, delivered: 2 });
  });
});

describe('Outbox refusals', () => {
  it('gives up on a message refused 5 times, logs it and lets the rest through', async () => {
    const { outbox, log } = open(stateDir());
    const broker = fakeBroker();
    outbox.resume(broker.send);
    outbox.add('aw/alerts', n(1));
    outbox.add('aw/alerts', n(2));
    for (let attempt = 1; attempt <= 5; attempt++) {
      const poison = broker.sent.shift();
      expect(ns(poison ? [poison] : [])).toEqual([1]);
      poison?.done(new Error('refused'));
      for (const message of broker.sent.splice(0)) message.done(null);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(outbox.stats()).toMatchObject({ depth: 0, dropped: 1, delivered: 1 });
    expect(log.linesWithMsg('outbox gave up on a message the broker keeps refusing')).toEqual([
      expect.objectContaining({ topic: 'aw/alerts', attempts: 5 }),
    ]);
  });
});

describe('Outbox bounds', () => {
  it('drops the oldest beyond maxMessages, counts them and logs once', () => {
    const dir = stateDir();
    const { outbox, log } = open(dir, { maxMessages: 3 });
    for (let i = 1; i <= 5; i++) outbox.add('aw/events', n(i));
    expect(outbox.stats()).toMatchObject({ depth: 3, dropped: 2 });
    const broker = fakeBroker();
    outbox.resume(broker.send);
    expect(ns(broker.sent)).toEqual([3, 4, 5]);
    const lines = log.linesWithMsg('outbox full: oldest messages dropped');
    expect(lines).toEqual([
      expect.objectContaining({ dropped: 1, droppedTotal: 1, maxMessages: 3 }),
    ]);
  });

  it('drops the oldest beyond maxBytes (topic and payload bytes)', () => {
    const { outbox } = open(stateDir(), { maxBytes: 100 });
    const payload = 'x'.repeat(30);
    for (let i = 0; i < 4; i++) outbox.add('aw/alerts', payload); // 39 bytes each
    expect(outbox.stats()).toMatchObject({ depth: 2, bytes: 78, dropped: 2 });
  });
});

describe('Outbox on disk', () => {
  it('delivers after a restart what was not acknowledged, in order, and nothing acknowledged', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    const broker = fakeBroker();
    outbox.resume(broker.send);
    for (let i = 1; i <= 3; i++) outbox.add('aw/events', n(i));
    broker.sent.shift()?.done();
    outbox.pause();
    for (let i = 4; i <= 5; i++) outbox.add('aw/alerts', n(i));
    await new Promise((resolve) => setImmediate(resolve));
    const { outbox: reopened, log } = await closeAndReopen(outbox, dir);
    expect(log.linesWithMsg('outbox opened')).toEqual([expect.objectContaining({ pending: 4 })]);
    const after = fakeBroker();
    reopened.resume(after.send);
    expect(ns(after.sent)).toEqual([2, 3, 4, 5]);
    expect(after.sent.map((m) => m.topic)).toEqual([
      'aw/events',
      'aw/events',
      'aw/alerts',
      'aw/alerts',
    ]);
  });

  it('survives a torn last line and a damaged one, and numbers on after the highest seq', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    outbox.add('aw/events', n(1));
    outbox.add('aw/events', n(2));
    await outbox.close();
    outboxes.length = 0;
    const file = path.join(dir, 'outbox.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines[0]}\n{"s":2,"t":"aw/ev\n`);
    appendFileSync(file, '{"s":3,"t":"aw/events","p":"{\\"n\\":3}","at":1}\n{"s":4,"t":"aw/ev');
    const { outbox: reopened, log } = open(dir);
    expect(log.linesWithMsg('outbox opened')).toEqual([
      expect.objectContaining({ pending: 2, unreadableLines: 2 }),
    ]);
    reopened.add('aw/events', n(5));
    const broker = fakeBroker();
    reopened.resume(broker.send);
    expect(ns(broker.sent)).toEqual([1, 3, 5]);
  });

  it('empties the file once everything is delivered', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    const broker = fakeBroker();
    outbox.add('aw/events', n(1));
    outbox.resume(broker.send);
    broker.ackAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(path.join(dir, 'outbox.jsonl'), 'utf8')).toBe('');
    expect(outbox.stats().journalBytes).toBe(0);
  });

  it('rewrites the file with only what is pending once delivered records dominate it', async () => {
    const dir = stateDir();
    const { outbox } = open(dir, { maxMessages: 5000, maxBytes: 10_000_000 });
    const broker = fakeBroker();
    const payload = JSON.stringify({ pad: 'x'.repeat(1000) });
    for (let i = 0; i < 1100; i++) outbox.add('aw/events', payload);
    outbox.resume(broker.send);
    for (let delivered = 0; delivered < 1090; delivered++) broker.sent.shift()?.done(null);
    await new Promise((resolve) => setImmediate(resolve));
    const lines = readFileSync(path.join(dir, 'outbox.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0] as string).s).toBe(1091);
    expect(outbox.stats().depth).toBe(10);
  });

  it('applies smaller bounds to what a previous run left', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    for (let i = 1; i <= 5; i++) outbox.add('aw/events', n(i));
    await outbox.close();
    outboxes.length = 0;
    const { outbox: reopened } = open(dir, { maxMessages: 2 });
    const broker = fakeBroker();
    reopened.resume(broker.send);
    expect(ns(broker.sent)).toEqual([4, 5]);
    expect(reopened.stats().dropped).toBe(3);
  });

  it('names the folder when it cannot keep the outbox there', () => {
    const dir = stateDir();
    const notAFolder = path.join(dir, 'file');
    writeFileSync(notAFolder, '');
    expect(() => open(path.join(notAFolder, 'state'))).toThrow(OutboxOpenError);
    expect(() => open(path.join(notAFolder, 'state'))).toThrow(
      `cannot keep the outbox in ${JSON.stringify(path.join(notAFolder, 'state'))}`,
    );
  });
});

describe('Outbox state folder lock', () => {
  it('refuses a second outbox on the same folder while the first is open', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    expect(() => open(dir)).toThrow(`is in use by process ${process.pid}`);
    await outbox.close();
    outboxes.length = 0;
    expect(() => open(dir)).not.toThrow();
  });

  it('takes over the lock of a process that is gone (SIGKILLed, crashed)', () => {
    const dir = stateDir();
    writeFileSync(
      path.join(dir, 'actionwatch.lock.1'),
      JSON.stringify({ pid: 2 ** 22 + 7, start: '1' }),
    );
    expect(() => open(dir)).not.toThrow();
  });
});

#!/usr/bin/env node
/**
 * A small real program around the daemon's own MqttClient and Outbox (built, in dist/),
 * for the fault tests: it publishes numbered alerts through publishEvent() at a steady
 * pace, so a test can check that every one arrives, in order, across a broker outage or a
 * SIGKILL. It prints `published N` per alert and `stats {...}` every 500 ms.
 *
 * Usage: outboxProducer.mjs --broker mqtt://127.0.0.1:PORT --state DIR [--prefix P]
 *        [--first N] [--count N] [--every-ms MS]
 */
import { parseArgs } from 'node:util';
import { createDaemonLogger } from '../../dist/log/index.js';
import { MqttClient, Outbox } from '../../dist/outputs/mqtt/index.js';

const { values } = parseArgs({
  options: {
    broker: { type: 'string' },
    state: { type: 'string' },
    prefix: { type: 'string', default: 'faults' },
    first: { type: 'string', default: '1' },
    count: { type: 'string', default: '0' },
    'every-ms': { type: 'string', default: '200' },
  },
});

const logger = createDaemonLogger({ level: 'info', secrets: [], format: 'json' });
const outbox = Outbox.open({
  dir: values.state,
  maxMessages: 100_000,
  maxBytes: 64 * 1024 * 1024,
  logger,
});
const publisher = new MqttClient({
  config: {
    url: values.broker,
    prefix: values.prefix,
    clientId: `outbox-producer-${process.pid}`,
    username: '',
    password: '',
    keepaliveS: 30,
    tls: { enabled: false, caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true },
  },
  logger,
  outbox,
});
publisher.start();

const first = Number(values.first);
const last = first + Number(values.count) - 1;
let next = first;
const pace = setInterval(() => {
  if (next > last) {
    clearInterval(pace);
    return;
  }
  publisher.publishEvent(publisher.topics.alerts, {
    n: next,
    rule: 'fault-test',
    time: new Date().toISOString(),
  });
  process.stdout.write(`published ${next}\n`);
  next += 1;
}, Number(values['every-ms']));

const report = setInterval(() => {
  process.stdout.write(`stats ${JSON.stringify(outbox.stats())}\n`);
}, 500);

process.once('SIGTERM', async () => {
  clearInterval(pace);
  clearInterval(report);
  await publisher.stop([]);
  await outbox.close();
  process.exit(0);
});

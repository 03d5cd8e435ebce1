import { connect, type IClientOptions, type MqttClient as MqttJsClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MqttConfig } from '../../../src/config/types.js';
import { MqttClient } from '../../../src/outputs/mqtt/index.js';
import { type Mosquitto, startMosquitto } from '../../helpers/mosquitto.js';
import { type CapturedMessage, captureMqtt, type MqttCapture } from '../../helpers/mqttCapture.js';
import { waitFor } from '../../helpers/waitFor.js';
import { bridgeOver, type CapturedLog, captureLog, mqttConfig } from './support.js';

const CONNECT_TIMEOUT_MS = 10_000;

describe('MqttClient against a real Mosquitto', () => {
  let broker: Mosquitto;
  const cleanups: Array<() => Promise<unknown>> = [];
  let prefixCount = 0;

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  /** Each test gets its own prefix, so retained messages of one never reach another. */
  function newPrefix(): string {
    prefixCount++;
    return `t${prefixCount}`;
  }

  function newPublisher(config: MqttConfig, log: CapturedLog = captureLog()) {
    let client: MqttJsClient | undefined;
    const connectAndKeep = ((url: string, options: IClientOptions) => {
      client = connect(url, options);
      return client;
    }) as typeof connect;
    const publisher = new MqttClient({
      config,
      logger: log.logger,
      connect: connectAndKeep,
      stopTimeoutMs: 1_000,
    });
    cleanups.push(() => publisher.stop([]));
    return {
      publisher,
      log,
      client: () => {
        if (client === undefined) throw new Error('publisher has not connected yet');
        return client;
      },
    };
  }

  async function capture(url: string, filter: string, options = {}): Promise<MqttCapture> {
    const result = await captureMqtt(url, filter, options);
    cleanups.push(() => result.close());
    return result;
  }

  const on = (topic: string) => (m: CapturedMessage) => m.topic === topic;

  it('announces the bridge online, retained, once connected', async () => {
    const prefix = newPrefix();
    const { publisher } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const late = await capture(broker.url, `${prefix}/#`);
    const bridge = await late.waitForMessage(on(`${prefix}/bridge/state`));
    expect(bridge.json()).toEqual({ state: 'online' });
    expect(bridge.retain).toBe(true);
    expect(publisher.stats().connected).toBe(true);
  });

  it('publishes an action with its payload, retained', async () => {
    const prefix = newPrefix();
    const seen = await capture(broker.url, `${prefix}/+/action`);
    const { publisher } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const action = { label: 'abseiling', score: 0.9, top_k: [{ label: 'abseiling', score: 0.9 }] };
    expect(publisher.publishLatest(`${prefix}/cam1/action`, action)).toBe(true);
    const message = await seen.waitForMessage(on(`${prefix}/cam1/action`));
    expect(message.json()).toEqual(action);
    expect(message.retain).toBe(true);
    await waitFor(() => publisher.stats().published >= 2, { what: 'bridge state and action sent' });
    expect(publisher.stats()).toMatchObject({ dropped: 0, publishFailures: 0 });
  });

  it('resolves publishJson once the broker acked a qos 1 message', async () => {
    const prefix = newPrefix();
    const seen = await capture(broker.url, `${prefix}/events`);
    const { publisher } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const event = { type: 'new', id: 'e1', camera: 'cam1', label: 'abseiling' };
    await publisher.publishJson(publisher.topics.events, event, { qos: 1, retain: false });
    const message = await seen.waitForMessage(on(`${prefix}/events`));
    expect(message.json()).toEqual(event);
    expect(message.retain).toBe(false);
  });

  it('publishes raw payloads byte for byte', async () => {
    const prefix = newPrefix();
    const seen = await capture(broker.url, `${prefix}/+/snapshot`);
    const { publisher } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const jpegHeader = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    await publisher.publishRaw(publisher.topics.snapshot('cam1'), jpegHeader, {
      qos: 0,
      retain: true,
    });
    const message = await seen.waitForMessage(on(`${prefix}/cam1/snapshot`));
    expect(message.payload.equals(jpegHeader)).toBe(true);
  });

  it('leaves a retained offline bridge state (LWT) when its connection dies, then comes back', async () => {
    const prefix = newPrefix();
    const seen = await capture(broker.url, `${prefix}/bridge/state`);
    const { publisher, client } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    await seen.waitForMessage((m) => m.json().state === 'online');
    client().stream.destroy();
    const will = await seen.waitForMessage((m) => m.json().state === 'offline');
    expect(will.retain).toBe(true);
    const back = await seen.waitForMessage(
      (m) => m.json().state === 'online' && m.atMs > will.atMs,
    );
    expect(back.retain).toBe(true);
  });

  it('stop() publishes every camera and the bridge offline, retained, then disconnects', async () => {
    const prefix = newPrefix();
    const { publisher, log } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const { bus, bridge } = bridgeOver(publisher, log.logger, ['cam1', 'cam2', 'bad/name']);
    bus.emit('availability', { camera: 'cam1', state: 'online', detail: { fps: 15 } });
    // A second stop() while the first runs shares it; a bad name does not block the others.
    await Promise.all([publisher.stop(bridge.farewell()), publisher.stop([])]);
    expect(publisher.connected).toBe(false);
    const after = await capture(broker.url, `${prefix}/#`);
    const offline = {
      'cam1/availability': { state: 'offline', reason: 'stopped' },
      'cam2/availability': { state: 'offline', reason: 'stopped' },
      'bridge/state': { state: 'offline' },
    };
    for (const [topic, payload] of Object.entries(offline)) {
      const message = await after.waitForMessage(on(`${prefix}/${topic}`));
      expect(message.json(), topic).toEqual(payload);
      expect(message.retain).toBe(true);
    }
    expect(log.linesWithMsg('MQTT disconnected')).toEqual([
      expect.objectContaining({ cameras: 2, offlineAcked: true }),
    ]);
    expect(log.linesWithMsg('MQTT skipping unsafe camera names')).toEqual([
      expect.objectContaining({ cameras: ['bad/name'] }),
    ]);
  });

  it('keeps the availability detail, with state first and authoritative', async () => {
    const prefix = newPrefix();
    const seen = await capture(broker.url, `${prefix}/+/availability`);
    const { publisher, log } = newPublisher(mqttConfig({ url: broker.url, prefix }));
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const { bus } = bridgeOver(publisher, log.logger);
    const detail = { reason: 'stalled', state: 'online' };
    bus.emit('availability', { camera: 'cam1', state: 'reconnecting', detail });
    const message = await seen.waitForMessage(on(`${prefix}/cam1/availability`));
    expect(message.payload.toString()).toBe('{"state":"reconnecting","reason":"stalled"}');
    expect(message.retain).toBe(true);
  });
});

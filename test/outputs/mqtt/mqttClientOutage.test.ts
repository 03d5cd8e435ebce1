import { afterEach, describe, expect, it } from 'vitest';
import { MqttClient } from '../../../src/outputs/mqtt/index.js';
import { type Mosquitto, startMosquitto } from '../../helpers/mosquitto.js';
import { type CapturedMessage, captureMqtt } from '../../helpers/mqttCapture.js';
import { freePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/waitFor.js';
import { bridgeOver, captureLog, mqttConfig } from './support.js';

/** MQTT.js retries every 2 s; a reconnect must fit comfortably. */
const RECONNECT_WITHIN_MS = 8_000;

describe('MqttClient through broker outages', () => {
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function broker(port?: number): Promise<Mosquitto> {
    const started = await startMosquitto(port === undefined ? {} : { port });
    cleanups.push(() => started.stop());
    return started;
  }

  function publisher(url: string) {
    const log = captureLog();
    const instance = new MqttClient({
      config: mqttConfig({ url, prefix: 'aw' }),
      logger: log.logger,
      stopTimeoutMs: 500,
    });
    cleanups.push(() => instance.stop([]));
    return { publisher: instance, log };
  }

  const on = (topic: string, state: string) => (m: CapturedMessage) =>
    m.topic === topic && m.json().state === state;

  it('starts without a broker, drops actions meanwhile, and announces itself once one appears', async () => {
    const port = await freePort();
    const { publisher: p, log } = publisher(`mqtt://127.0.0.1:${port}`);
    expect(() => p.start()).not.toThrow();
    const { bus } = bridgeOver(p, log.logger);
    bus.emit('availability', { camera: 'cam1', state: 'online', detail: {} });
    expect(p.publishLatest('aw/cam1/action', { label: 'x' })).toBe(false);
    await expect(p.publishJson('aw/events', {}, { qos: 1, retain: false })).rejects.toThrow(
      'MQTT not connected: aw/events not published',
    );
    expect(p.stats()).toEqual({ connected: false, published: 0, dropped: 2, publishFailures: 0 });
    // Outlive one retry (every 2 s), to check that retries do not log again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const late = await broker(port);
    await p.waitConnected(RECONNECT_WITHIN_MS);
    const seen = await captureMqtt(late.url, 'aw/#');
    cleanups.push(() => seen.close());
    await seen.waitForMessage(on('aw/bridge/state', 'online'));
    const availability = await seen.waitForMessage(on('aw/cam1/availability', 'online'));
    expect(availability.retain).toBe(true);
    expect(seen.messages.some((m) => m.topic === 'aw/cam1/action')).toBe(false);
    expect(log.linesWithMsg('MQTT broker unreachable; retrying')).toHaveLength(1);
    expect(log.linesWithMsg('MQTT error')).toHaveLength(1);
    expect(log.linesWithMsg('MQTT reconnected')).toHaveLength(1);
  });

  it('re-publishes bridge and availability after a broker restart without persistence', async () => {
    const mosquitto = await broker();
    const { publisher: p, log } = publisher(mosquitto.url);
    p.start();
    await p.waitConnected(RECONNECT_WITHIN_MS);
    const { bus } = bridgeOver(p, log.logger);
    bus.emit('availability', { camera: 'cam1', state: 'online', detail: { fps: 15 } });
    bus.emit('availability', { camera: 'cam2', state: 'reconnecting', detail: {} });
    await waitFor(() => p.stats().published >= 3, { what: 'bridge and 2 availabilities acked' });

    await mosquitto.restart();
    await waitFor(() => p.connected, { timeoutMs: RECONNECT_WITHIN_MS, what: 'reconnect' });
    const seen = await captureMqtt(mosquitto.url, 'aw/#');
    cleanups.push(() => seen.close());
    const cam1 = await seen.waitForMessage(on('aw/cam1/availability', 'online'));
    expect(cam1.json()).toEqual({ state: 'online', fps: 15 });
    expect(cam1.retain).toBe(true);
    await seen.waitForMessage(on('aw/cam2/availability', 'reconnecting'));
    await seen.waitForMessage(on('aw/bridge/state', 'online'));
    expect(
      log.linesWithMsg('MQTT connection lost; actions are dropped until it is back'),
    ).toHaveLength(1);
    expect(log.linesWithMsg('MQTT reconnected')).toHaveLength(1);
  });

  it('stop() gives up waiting for acks when the broker is gone', async () => {
    const mosquitto = await broker();
    const { publisher: p, log } = publisher(mosquitto.url);
    p.start();
    await p.waitConnected(RECONNECT_WITHIN_MS);
    await mosquitto.stop();
    const startedMs = Date.now();
    await p.stop(bridgeOver(p, log.logger, ['cam1']).bridge.farewell());
    expect(Date.now() - startedMs).toBeLessThan(2_000);
    expect(log.linesWithMsg('MQTT disconnected')).toEqual([
      expect.objectContaining({ offlineAcked: false }),
    ]);
  });

  it('waitConnected() names the redacted broker URL when it times out', async () => {
    const port = await freePort();
    const { publisher: p, log } = publisher(`mqtt://aw:hunter2@127.0.0.1:${port}`);
    p.start();
    await expect(p.waitConnected(300)).rejects.toThrow(
      `MQTT broker mqtt://aw:***@127.0.0.1:${port} not connected within 300 ms`,
    );
    expect(log.text()).toContain(`mqtt://aw:***@127.0.0.1:${port}`);
    expect(log.text()).not.toContain('hunter2');
  });
});

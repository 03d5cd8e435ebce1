import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetainedMessage } from '../../../src/outputs/mqtt/index.js';
import { MqttClient } from '../../../src/outputs/mqtt/index.js';
import { type Mosquitto, startMosquitto } from '../../helpers/mosquitto.js';
import { captureMqtt } from '../../helpers/mqttCapture.js';
import { bridgeOver, captureLog, mqttConfig } from './support.js';

const USERNAME = 'actionwatch';
const PASSWORD = 'pw-7f3c9e1a-not-for-logs';

describe('MqttClient with a password-protected Mosquitto', () => {
  let broker: Mosquitto;
  /** The last publisher's cameras offline, for its stop(). */
  let farewell: () => RetainedMessage[] = () => [];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    broker = await startMosquitto({ password: { username: USERNAME, password: PASSWORD } });
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  function publisher(password: string) {
    const log = captureLog();
    const config = mqttConfig({ url: broker.url, prefix: 'auth', username: USERNAME, password });
    const instance = new MqttClient({ config, logger: log.logger, stopTimeoutMs: 500 });
    const { bridge } = bridgeOver(instance, log.logger, ['cam1']);
    cleanups.push(() => instance.stop(bridge.farewell()));
    farewell = () => bridge.farewell();
    return { publisher: instance, log };
  }

  it('connects with the configured password and never logs it', async () => {
    const { publisher: p, log } = publisher(PASSWORD);
    p.start();
    await p.waitConnected(10_000);
    const seen = await captureMqtt(broker.url, 'auth/#', {
      username: USERNAME,
      password: PASSWORD,
    });
    cleanups.push(() => seen.close());
    const bridge = await seen.waitForMessage((m) => m.topic === 'auth/bridge/state');
    expect(bridge.json()).toEqual({ state: 'online' });
    await p.stop(farewell());
    expect(log.linesWithMsg('MQTT connecting')).toEqual([
      expect.objectContaining({ url: broker.url, auth: true }),
    ]);
    expect(log.text()).not.toContain(PASSWORD);
  });

  it('reports a refused password once, without the password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const { publisher: p, log } = publisher(wrong);
    p.start();
    await expect(p.waitConnected(2_500)).rejects.toThrow('not connected within 2500 ms');
    const errors = log.linesWithMsg('MQTT error');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('Not authorized');
    expect(log.text()).not.toContain(PASSWORD);
    expect(broker.output()).toContain('not authorised');
  });
});

import { connect, connectAsync, type IClientOptions, type MqttClient as MqttJsClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MqttClient } from '../../../src/outputs/mqtt/index.js';
import { type Mosquitto, startMosquitto } from '../../helpers/mosquitto.js';
import { waitFor } from '../../helpers/waitFor.js';
import { captureLog, mqttConfig } from './support.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A retained command published while the daemon is subscribed: under MQTT 3.1.1 the broker
 * forwards it with retain=0, so it cannot be told from a fresh one; under MQTT 5 the daemon
 * subscribes with retain-as-published and sees the flag.
 */
describe('retained commands reaching a subscribed MqttClient (real Mosquitto)', () => {
  let broker: Mosquitto;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  async function subscribedPublisher(prefix: string, protocolVersion: 4 | 5) {
    let client: MqttJsClient | undefined;
    const publisher = new MqttClient({
      config: mqttConfig({ url: broker.url, prefix, protocolVersion }),
      logger: captureLog().logger,
      connect: ((url: string, options: IClientOptions) => {
        client = connect(url, options);
        return client;
      }) as typeof connect,
      stopTimeoutMs: 1_000,
    });
    cleanups.push(() => publisher.stop([]));
    const received: { payload: string; retained: boolean }[] = [];
    publisher.subscribe(`${prefix}/+/detect/set`, (_topic, payload, retained) =>
      received.push({ payload: payload.toString('utf8'), retained }),
    );
    publisher.start();
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    // The broker handles one client's packets in order: once the publisher's own probe comes
    // back, its SUBSCRIBE has been granted.
    await client?.publishAsync(`${prefix}/probe/detect/set`, 'probe', { qos: 1 });
    await waitFor(() => received.some((m) => m.payload === 'probe'), { what: 'the probe' });
    return received;
  }

  async function commander(): Promise<MqttJsClient> {
    const client = await connectAsync(broker.url, { clientId: `commander-${process.pid}` });
    cleanups.push(() => client.endAsync());
    return client;
  }

  it.each([
    [5, true],
    [4, false],
  ] as const)(
    'under protocol version %i a live retained command reads as retained: %s',
    async (version, expected) => {
      const prefix = `rc${version}`;
      const received = await subscribedPublisher(prefix, version);
      const sender = await commander();
      await sender.publishAsync(`${prefix}/gate/detect/set`, 'OFF', { qos: 1, retain: true });
      await sender.publishAsync(`${prefix}/gate/detect/set`, 'ON', { qos: 1 });
      await waitFor(() => received.some((m) => m.payload === 'ON'), { what: 'the plain command' });
      expect(received.filter((m) => m.payload !== 'probe')).toEqual([
        { payload: 'OFF', retained: expected },
        { payload: 'ON', retained: false },
      ]);
      await sender.publishAsync(`${prefix}/gate/detect/set`, '', { qos: 1, retain: true });
    },
  );
});

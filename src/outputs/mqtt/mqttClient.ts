import {
  type IClientOptions,
  type IClientSubscribeOptions,
  type MqttClient as MqttJsClient,
  connect as mqttConnect,
} from 'mqtt';
import { redactUrl } from '../../config/index.js';
import type { MqttConfig } from '../../config/types.js';
import { type Clock, systemClock } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import {
  disconnectGracefully,
  type RetainedMessage,
  type RetainedWrite,
} from './gracefulDisconnect.js';
import { LinkLog } from './linkLog.js';
import { BRIDGE_ONLINE_PAYLOAD, buildMqttOptions, type ReadFile, usesTls } from './mqttOptions.js';
import type { EventQueue } from './outboxPart.js';
import { type MessageHandler, Subscriptions } from './subscriptions.js';
import { Topics } from './topics.js';

/** MQTT.js's client options: this module is the only one that talks to MQTT.js itself. */
export type { IClientOptions };

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

export interface ClientStats {
  connected: boolean;
  /** Handed to the socket (qos 0) or acknowledged by the broker (qos 1). */
  published: number;
  /** Refused because the broker was not connected (never queued). */
  dropped: number;
  /** Rejected by MQTT.js or the broker while connected. */
  publishFailures: number;
}

export interface MqttClientOptions {
  config: MqttConfig;
  logger: Logger;
  connect?: typeof mqttConnect;
  /** How long stop() waits for the broker to acknowledge the offline states. */
  stopTimeoutMs?: number;
  readFile?: ReadFile;
  clock?: Clock;
  /** Where publishEvent() keeps events and alerts until the broker has them; see Outbox. */
  outbox?: EventQueue;
}

const DEFAULT_STOP_TIMEOUT_MS = 2_000;

type Done = (err?: Error) => void;

/**
 * The daemon's one MQTT connection; it knows how to deliver, not what: topics and payloads
 * are the MQTT bridge's (mqttBridge.ts). A broker outage never stops recognition: start()
 * returns at once and messages that cannot wait are dropped while disconnected (a stale
 * action is worthless). The bridge state (`online` on every connect, the last will, `offline`
 * on stop) is the connection's own, so it is published here.
 */
export class MqttClient {
  readonly topics: Topics;
  private readonly log: Logger;
  private readonly linkLog: LinkLog;
  private client: MqttJsClient | undefined;
  private stopping: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly subscriptions = new Subscriptions((err, topic) =>
    this.log.error({ err, topic }, 'MQTT message handler failed'),
  );
  private readonly connectListeners: (() => void)[] = [];
  private published = 0;
  private dropped = 0;
  private publishFailures = 0;

  constructor(private readonly opts: MqttClientOptions) {
    this.topics = new Topics(opts.config.prefix);
    this.log = opts.logger.child({ module: 'mqtt' });
    this.clock = opts.clock ?? systemClock;
    this.linkLog = new LinkLog(this.log, this.clock);
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Connects in the background; throws only for a configuration it cannot use (TLS files). */
  start(): void {
    if (this.client !== undefined) return;
    const { config } = this.opts;
    this.linkLog.starting();
    const options = buildMqttOptions(config, this.topics, this.opts.readFile);
    this.log.info(
      {
        url: redactUrl(config.url),
        clientId: options.clientId,
        tls: usesTls(config),
        auth: config.username !== '',
      },
      'MQTT connecting',
    );
    const client = (this.opts.connect ?? mqttConnect)(config.url, options);
    client.on('message', (topic, payload, packet) =>
      this.subscriptions.dispatch(topic, payload, packet.retain),
    );
    client.on('connect', () => {
      this.linkLog.connected();
      // Bridge online first: subscribers read everything else in its light.
      this.write(this.topics.bridgeState, BRIDGE_ONLINE_PAYLOAD, { qos: 1, retain: true });
      this.afterConnect(client);
      this.opts.outbox?.resume((topic, payload, done) =>
        this.write(topic, payload, { qos: 1, retain: false }, done),
      );
    });
    client.on('close', () => {
      this.opts.outbox?.pause();
      this.linkLog.lost();
    });
    client.on('offline', () => this.linkLog.lost());
    client.on('error', (err) => this.linkLog.error(err));
    this.client = client;
  }

  /**
   * Calls `handler` for every message matching `topicFilter` (qos 1), from now on and after
   * every reconnect: the filter is subscribed again on each connect.
   */
  subscribe(topicFilter: string, handler: MessageHandler): void {
    const isNew = this.subscriptions.add(topicFilter, handler);
    if (isNew && this.client !== undefined) this.subscribeFilter(this.client, topicFilter);
  }

  /**
   * Runs after every (re)connect, once the bridge is announced online: the place to re-publish
   * retained states a broker without persistence has forgotten (RetainedStates).
   */
  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  /**
   * The latest of something (a window's action), qos 0 retained, or nothing: returns false
   * when dropped (not connected), since a stale one is worthless after the reconnect.
   */
  publishLatest(topic: string, payload: object): boolean {
    if (!this.connected) {
      this.dropped++;
      return false;
    }
    this.write(topic, JSON.stringify(payload), { qos: 0, retain: true });
    return true;
  }

  /**
   * Resolves once the broker has the message (qos 1) or it is on the socket (qos 0). Rejects
   * at once while disconnected instead of queueing: a bounded outbox upstream decides what
   * is worth retrying.
   */
  publishJson(topic: string, payload: unknown, options: PublishOptions): Promise<void> {
    return this.publishRaw(topic, JSON.stringify(payload), options);
  }

  /**
   * Events and alerts: QoS 1, not retained, in order. Each one matters, so unlike actions
   * they must survive a broker outage (see the outbox); never throws.
   */
  publishEvent(topic: string, payload: object): void {
    if (this.opts.outbox !== undefined) {
      this.opts.outbox.add(topic, JSON.stringify(payload));
      return;
    }
    this.publishJson(topic, payload, { qos: 1, retain: false }).catch((err: unknown) => {
      this.log.warn({ topic, err }, 'event not published');
    });
  }

  /** As publishJson, for payloads that are not JSON (a JPEG snapshot, a switch's `ON`). */
  publishRaw(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    if (!this.connected) {
      this.dropped++;
      return Promise.reject(new Error(`MQTT not connected: ${topic} not published`));
    }
    return new Promise((resolve, reject) => {
      this.write(topic, payload, options, (err) => (err ? reject(err) : resolve()));
    });
  }

  stats(): ClientStats {
    return {
      connected: this.connected,
      published: this.published,
      dropped: this.dropped,
      publishFailures: this.publishFailures,
    };
  }

  /** Resolves when connected; rejects after `timeoutMs` naming the (redacted) broker URL. */
  waitConnected(timeoutMs: number): Promise<void> {
    const client = this.client;
    if (client === undefined) {
      return Promise.reject(new Error('MqttClient.waitConnected: start() was not called'));
    }
    if (client.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onConnect = (): void => {
        this.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.clock.setTimeout(() => {
        client.off('connect', onConnect);
        const url = redactUrl(this.opts.config.url);
        reject(new Error(`MQTT broker ${url} not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      client.once('connect', onConnect);
    });
  }

  /**
   * The `farewell` messages (the bridge's cameras offline) and the bridge offline, retained,
   * then the disconnect.
   */
  stop(farewell: readonly RetainedMessage[] = []): Promise<void> {
    const client = this.client;
    if (client === undefined) return Promise.resolve();
    this.stopping ??= this.disconnect(client, farewell).finally(() => {
      this.client = undefined;
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private disconnect(client: MqttJsClient, farewell: readonly RetainedMessage[]): Promise<void> {
    this.linkLog.stopping();
    const { outbox, stopTimeoutMs } = this.opts;
    const { topics, log, clock } = this;
    const write: RetainedWrite = (topic, payload, done) =>
      this.write(topic, payload, { qos: 1, retain: true }, done);
    const timeoutMs = stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const parts = { client, outbox, topics, write, timeoutMs, log, clock };
    return disconnectGracefully(parts, farewell);
  }

  private afterConnect(client: MqttJsClient): void {
    // MQTT.js skips filters it already holds, so this only fills gaps (e.g. a refused SUBACK).
    for (const filter of this.subscriptions.filters) this.subscribeFilter(client, filter);
    for (const listener of this.connectListeners) {
      try {
        listener();
      } catch (err) {
        this.log.error({ err }, 'MQTT connect listener failed');
      }
    }
  }

  /**
   * Under MQTT 5, retain-as-published: the broker forwards a message with the retain flag it
   * was published with. Without it (and always under 3.1.1) a retained message that arrives
   * while subscribed comes with retain=0, and a retained command would pass for a fresh one.
   */
  private subscribeFilter(client: MqttJsClient, filter: string): void {
    const options: IClientSubscribeOptions =
      this.opts.config.protocolVersion === 5 ? { qos: 1, rap: true } : { qos: 1 };
    client.subscribe(filter, options, (err, granted) => {
      // A SUBSCRIBE cut off by a lost connection is sent again once connected: not news.
      if (err) this.log.debug({ err, topic: filter }, 'MQTT subscription not confirmed yet');
      if (granted?.some((grant) => grant.qos === 128)) {
        this.log.warn({ topic: filter }, 'MQTT subscription refused by the broker (ACL?)');
      }
    });
  }

  private write(
    topic: string,
    payload: string | Buffer,
    options: PublishOptions,
    done?: Done,
  ): void {
    const client = this.client;
    if (client === undefined) {
      done?.(new Error(`MQTT client not started: ${topic} not published`));
      return;
    }
    client.publish(topic, payload, options, (err) => {
      if (err) {
        this.publishFailures++;
        this.log.debug({ err, topic }, 'MQTT publish failed');
      } else {
        this.published++;
      }
      done?.(err);
    });
  }
}

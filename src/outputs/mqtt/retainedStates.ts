import type { Logger } from '../../log/index.js';
import type { PublishOptions } from './mqttClient.js';

/** What RetainedStates needs of the MQTT client (MqttClient, or a fake in tests). */
export interface RetainedPublisher {
  readonly connected: boolean;
  publishRaw(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void>;
  onConnect(listener: () => void): void;
}

interface Entry {
  payload: string | Buffer;
  qos: 0 | 1;
}

/**
 * The retained states this daemon owns (availability, switch and rule states, Home Assistant
 * discovery, the last snapshot), its one mechanism for them: published when they change and again after every reconnect, because a
 * broker restarted without persistence has forgotten them. While disconnected a change is
 * only remembered; the reconnect sends the latest value.
 */
export class RetainedStates {
  private readonly latest = new Map<string, Entry>();

  constructor(
    private readonly publisher: RetainedPublisher,
    private readonly log: Logger,
  ) {}

  /** From now on every (re)connect re-publishes the latest values. */
  start(): void {
    this.publisher.onConnect(() => this.republish());
  }

  set(topic: string, payload: string | Buffer, qos: 0 | 1 = 1): void {
    this.latest.set(topic, { payload, qos });
    if (this.publisher.connected) this.send(topic, { payload, qos });
  }

  /** Deletes the broker's retained message (an empty retained payload) and forgets it. */
  clear(topic: string): void {
    this.latest.delete(topic);
    if (this.publisher.connected) this.send(topic, { payload: '', qos: 1 });
  }

  /** Stops re-publishing `topic`; the broker keeps what it has until something replaces it. */
  forget(topic: string): void {
    this.latest.delete(topic);
  }

  get(topic: string): string | Buffer | undefined {
    return this.latest.get(topic)?.payload;
  }

  has(topic: string): boolean {
    return this.latest.has(topic);
  }

  republish(): void {
    for (const [topic, entry] of this.latest) this.send(topic, entry);
  }

  private send(topic: string, entry: Entry): void {
    this.publisher
      .publishRaw(topic, entry.payload, { qos: entry.qos, retain: true })
      .catch((err: unknown) => this.log.debug({ err, topic }, 'retained state not published'));
  }
}

import type { Clock } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import { BRIDGE_OFFLINE_PAYLOAD } from './mqttOptions.js';
import type { EventQueue } from './outboxPart.js';
import type { Topics } from './topics.js';

/** Publishes retained with qos 1; `done` once the broker acknowledged it, or with the error. */
export type RetainedWrite = (topic: string, payload: string, done: (err?: Error) => void) => void;

/** A retained qos 1 message. */
export interface RetainedMessage {
  topic: string;
  payload: string;
}

/** What of MQTT.js's client the goodbye uses. */
export interface EndingClient {
  readonly connected: boolean;
  end(force: boolean, callback: () => void): unknown;
}

/** What the client lends its goodbye. */
export interface DisconnectParts {
  client: EndingClient;
  outbox: EventQueue | undefined;
  topics: Topics;
  write: RetainedWrite;
  /** Bound on each wait for the broker: the outbox's last acks, then the offline states'. */
  timeoutMs: number;
  log: Logger;
  clock: Clock;
}

/**
 * The client's goodbye: the farewell messages (every camera offline) and the bridge offline,
 * a bounded wait for the broker's acks, then the disconnect. The explicit offline matters: a
 * clean DISCONNECT makes the broker discard the LWT.
 */
export async function disconnectGracefully(
  parts: DisconnectParts,
  farewell: readonly RetainedMessage[],
): Promise<void> {
  const { client, outbox } = parts;
  // Events in flight are acknowledged now rather than sent twice after the next start.
  if (client.connected) await outbox?.waitIdle(parts.timeoutMs);
  outbox?.pause();
  const acked = client.connected && (await publishOfflineStates(parts, farewell));
  // Without acks (broker gone) a graceful end would wait forever for the outgoing queue.
  await new Promise<void>((resolve) => client.end(!acked, () => resolve()));
  parts.log.info({ cameras: farewell.length, offlineAcked: acked }, 'MQTT disconnected');
}

async function publishOfflineStates(
  parts: DisconnectParts,
  farewell: readonly RetainedMessage[],
): Promise<boolean> {
  const { topics, timeoutMs, clock } = parts;
  const acks = farewell.map(({ topic, payload }) => publishRetained(parts, topic, payload));
  acks.push(publishRetained(parts, topics.bridgeState, BRIDGE_OFFLINE_PAYLOAD));
  let timer: unknown;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), timeoutMs);
  });
  const allAcked = Promise.allSettled(acks).then((results) =>
    results.every((result) => result.status === 'fulfilled'),
  );
  const acked = await Promise.race([allAcked, timedOut]);
  clock.clearTimeout(timer);
  if (!acked) parts.log.warn({ timeoutMs }, 'MQTT offline states not acknowledged in time');
  return acked;
}

function publishRetained(parts: DisconnectParts, topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    parts.write(topic, payload, (err) => (err ? reject(err) : resolve()));
  });
}

import type { MqttClient } from 'mqtt';
import type { Logger } from '../../log/index.js';
import { BRIDGE_OFFLINE_PAYLOAD } from './mqttOptions.js';
import type { Outbox } from './outbox.js';
import { isTopicSafeName, type Topics } from './topics.js';

/** Publishes retained with qos 1; `done` once the broker acknowledged it, or with the error. */
export type RetainedWrite = (topic: string, payload: string, done: (err?: Error) => void) => void;

/** What the publisher lends its goodbye. */
export interface DisconnectParts {
  client: MqttClient;
  outbox: Outbox | undefined;
  topics: Topics;
  /** camera → last availability payload; every camera in it goes offline too. */
  availability: Map<string, string>;
  write: RetainedWrite;
  /** Bound on each wait for the broker: the outbox's last acks, then the offline states'. */
  timeoutMs: number;
  log: Logger;
}

const CAMERA_OFFLINE_PAYLOAD = JSON.stringify({ state: 'offline' });

/**
 * The publisher's goodbye: offline for every camera (given or ever announced) and for the
 * bridge, a bounded wait for the broker's acks, then the disconnect. The explicit offline
 * matters: a clean DISCONNECT makes the broker discard the LWT.
 */
export async function disconnectGracefully(
  parts: DisconnectParts,
  cameras: readonly string[],
): Promise<void> {
  const { client, outbox } = parts;
  const offline = offlineCameras(parts, cameras);
  // Events in flight are acknowledged now rather than sent twice after the next start.
  if (client.connected) await outbox?.waitIdle(parts.timeoutMs);
  outbox?.pause();
  const acked = client.connected && (await publishOfflineStates(parts, offline));
  // Without acks (broker gone) a graceful end would wait forever for the outgoing queue.
  await new Promise<void>((resolve) => client.end(!acked, () => resolve()));
  parts.log.info({ cameras: offline.length, offlineAcked: acked }, 'MQTT disconnected');
}

/** Given and announced cameras; an unsafe name is skipped so the rest still go offline. */
function offlineCameras(parts: DisconnectParts, cameras: readonly string[]): string[] {
  const unique = [...new Set([...parts.availability.keys(), ...cameras])];
  const unsafe = unique.filter((camera) => !isTopicSafeName(camera));
  if (unsafe.length > 0) parts.log.warn({ cameras: unsafe }, 'MQTT skipping unsafe camera names');
  return unique.filter(isTopicSafeName);
}

async function publishOfflineStates(parts: DisconnectParts, cameras: string[]): Promise<boolean> {
  const { topics, timeoutMs } = parts;
  const acks = cameras.map((camera) => {
    parts.availability.set(camera, CAMERA_OFFLINE_PAYLOAD);
    return publishRetained(parts, topics.availability(camera), CAMERA_OFFLINE_PAYLOAD);
  });
  acks.push(publishRetained(parts, topics.bridgeState, BRIDGE_OFFLINE_PAYLOAD));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const allAcked = Promise.allSettled(acks).then((results) =>
    results.every((result) => result.status === 'fulfilled'),
  );
  const acked = await Promise.race([allAcked, timedOut]);
  clearTimeout(timer);
  if (!acked) parts.log.warn({ timeoutMs }, 'MQTT offline states not acknowledged in time');
  return acked;
}

function publishRetained(parts: DisconnectParts, topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    parts.write(topic, payload, (err) => (err ? reject(err) : resolve()));
  });
}

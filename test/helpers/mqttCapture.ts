import { connectAsync, type MqttClient } from 'mqtt';

export interface CapturedMessage {
  topic: string;
  payload: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON payloads
  json(): any;
  /**
   * Published with the retain flag (the capture subscribes with MQTT 5 retain-as-published),
   * or a stored retained message delivered on subscribe.
   */
  retain: boolean;
  /** Date.now() when it arrived. */
  atMs: number;
}

export type MessagePredicate = (message: CapturedMessage) => boolean;

export interface MqttCapture {
  /** Every message received so far, in arrival order. */
  messages: CapturedMessage[];
  /** The first message (already received or still to come) matching `predicate`. */
  waitForMessage(predicate: MessagePredicate, timeoutMs?: number): Promise<CapturedMessage>;
  close(): Promise<void>;
}

export interface CaptureOptions {
  username?: string;
  password?: string;
}

interface Waiter {
  predicate: MessagePredicate;
  resolve: (message: CapturedMessage) => void;
}

/**
 * Subscribes to `topicFilter` (qos 1) and records everything, stored retained messages first. Reconnects quickly and
 * resubscribes after a broker restart, so a test sees what is re-published afterwards.
 */
export async function captureMqtt(
  url: string,
  topicFilter: string,
  options: CaptureOptions = {},
): Promise<MqttCapture> {
  const client = await connectAsync(url, {
    ...options,
    clientId: `capture-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    // MQTT 5 for retain-as-published: live messages keep their retain flag, so tests can check it.
    protocolVersion: 5,
    reconnectPeriod: 200,
    connectTimeout: 5_000,
  });
  const messages: CapturedMessage[] = [];
  const waiters = new Set<Waiter>();
  client.on('message', (topic, payload, packet) => {
    const message = capturedMessage(topic, payload, packet.retain);
    messages.push(message);
    for (const waiter of waiters) {
      if (waiter.predicate(message)) waiter.resolve(message);
    }
  });
  await client.subscribeAsync(topicFilter, { qos: 1, rap: true });
  return {
    messages,
    waitForMessage: (predicate, timeoutMs = 10_000) =>
      waitForMatch(messages, waiters, predicate, timeoutMs, topicFilter),
    close: () => endClient(client),
  };
}

function capturedMessage(topic: string, payload: Buffer, retain: boolean): CapturedMessage {
  return {
    topic,
    payload,
    retain,
    atMs: Date.now(),
    json: () => JSON.parse(payload.toString('utf8')),
  };
}

function waitForMatch(
  messages: CapturedMessage[],
  waiters: Set<Waiter>,
  predicate: MessagePredicate,
  timeoutMs: number,
  topicFilter: string,
): Promise<CapturedMessage> {
  const seen = messages.find(predicate);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      predicate,
      resolve: (message) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(message);
      },
    };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      const topics = [...new Set(messages.map((m) => m.topic))].join(', ') || 'none';
      reject(
        new Error(
          `no matching message on ${topicFilter} within ${timeoutMs} ms (${messages.length} received, topics: ${topics})`,
        ),
      );
    }, timeoutMs);
    waiters.add(waiter);
  });
}

function endClient(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(true, () => resolve()));
}

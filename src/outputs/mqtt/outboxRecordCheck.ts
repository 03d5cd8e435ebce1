/** MQTT's limit on a topic: a 16-bit length prefix. */
const MAX_TOPIC_BYTES = 65_535;

/**
 * Why a message can never be published, or null when it can. A broker answers a PUBLISH to
 * a topic with a wildcard (`#`, `+`), an empty one or one with NUL by dropping the
 * connection; kept in the outbox, such a message would be sent again after every reconnect
 * and hold back everything behind it forever.
 */
export function unpublishableReason(topic: unknown, payload: unknown): string | null {
  if (typeof topic !== 'string') return 'topic is not a string';
  if (typeof payload !== 'string') return 'payload is not a string';
  if (topic === '') return 'topic is empty';
  if (topic.includes('#') || topic.includes('+')) return 'topic holds a wildcard (# or +)';
  if (topic.includes('\u0000')) return 'topic holds a NUL character';
  if (Buffer.byteLength(topic) > MAX_TOPIC_BYTES) return 'topic is longer than 65535 bytes';
  return null;
}

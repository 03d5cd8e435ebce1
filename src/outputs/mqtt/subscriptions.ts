/** Called for each message whose topic matches the filter it was registered with. */
export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void;

/** MQTT topic filter matching: `+` is one level, a trailing `#` this level and all below. */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  // Wildcards must not match the broker's $SYS-style topics at the first level.
  if (topic.startsWith('$') && /^[+#]/.test(filter)) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/**
 * The client's subscriptions: filters with their handlers, and the routing of incoming
 * messages to them. A handler that throws is reported to `onError` and the others still run.
 */
export class Subscriptions {
  private readonly handlers = new Map<string, MessageHandler[]>();

  constructor(private readonly onError: (err: unknown, topic: string) => void) {}

  /** Returns true when the filter is new (it needs a SUBSCRIBE). */
  add(filter: string, handler: MessageHandler): boolean {
    const existing = this.handlers.get(filter);
    if (existing !== undefined) {
      existing.push(handler);
      return false;
    }
    this.handlers.set(filter, [handler]);
    return true;
  }

  get filters(): string[] {
    return [...this.handlers.keys()];
  }

  dispatch(topic: string, payload: Buffer, retained: boolean): void {
    for (const [filter, handlers] of this.handlers) {
      if (!topicMatches(filter, topic)) continue;
      for (const handler of handlers) {
        try {
          handler(topic, payload, retained);
        } catch (err) {
          this.onError(err, topic);
        }
      }
    }
  }
}

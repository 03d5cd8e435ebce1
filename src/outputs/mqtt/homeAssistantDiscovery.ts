import type { Logger } from '../../log/index.js';
import { type DiscoveryMessage, discoveryNodeId } from './homeAssistant.js';
import type { RetainedStates } from './retainedStates.js';
import type { MessageHandler } from './subscriptions.js';
import type { Topics } from './topics.js';

export interface DiscoverySubscriber {
  subscribe(topicFilter: string, handler: MessageHandler): void;
}

export interface HomeAssistantDiscoveryOptions {
  subscriber: DiscoverySubscriber;
  retained: RetainedStates;
  topics: Topics;
  discoveryPrefix: string;
  /** The configs to announce; none when Home Assistant is disabled (all are then stale). */
  messages: readonly DiscoveryMessage[];
  logger: Logger;
}

/**
 * Announces the discovery configs as retained messages (re-sent on reconnect by
 * RetainedStates, and again when Home Assistant says `online` after its own restart), and
 * removes stale ones: any config under this daemon's node id that is not announced now (a
 * removed camera or rule, or discovery switched off) gets an empty retained payload, which
 * makes Home Assistant delete the entity.
 */
export class HomeAssistantDiscovery {
  private readonly current: Map<string, string>;
  private readonly log: Logger;
  private running = false;

  constructor(private readonly opts: HomeAssistantDiscoveryOptions) {
    this.current = new Map(opts.messages.map((m) => [m.topic, JSON.stringify(m.config)]));
    this.log = opts.logger.child({ module: 'homeassistant' });
  }

  start(): void {
    const { subscriber, topics, discoveryPrefix } = this.opts;
    this.running = true;
    this.announce();
    subscriber.subscribe(topics.homeAssistantStatusOf(discoveryPrefix), (_topic, payload) => {
      if (!this.running || payload.toString('utf8').trim() !== 'online') return;
      this.log.info('Home Assistant is online: announcing discovery again');
      this.announce();
    });
    const node = discoveryNodeId(topics.prefix);
    subscriber.subscribe(topics.discoveryConfigFilter(discoveryPrefix, node), (topic, payload) =>
      this.removeIfStale(topic, payload),
    );
  }

  /** No more answers to Home Assistant's restarts or to stale configs; the configs stay. */
  stop(): void {
    this.running = false;
  }

  announce(): void {
    for (const [topic, config] of this.current) this.opts.retained.set(topic, config);
    if (this.current.size > 0)
      this.log.debug({ configs: this.current.size }, 'discovery announced');
  }

  private removeIfStale(topic: string, payload: Buffer): void {
    if (!this.running || payload.length === 0 || this.current.has(topic)) return;
    this.log.info({ topic }, 'removing stale Home Assistant entity');
    this.opts.retained.clear(topic);
  }
}

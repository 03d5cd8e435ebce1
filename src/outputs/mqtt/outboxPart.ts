import type { Logger } from '../../log/index.js';
import { Outbox, type OutboxOptions, type OutboxSend, type OutboxStats } from './outbox.js';

/** What the MQTT client needs of an outbox. */
export type EventQueue = Pick<Outbox, 'add' | 'resume' | 'pause' | 'waitIdle'>;

/**
 * The outbox as a part of the daemon: its journal is opened (and the state folder locked)
 * when the part starts, not when the wiring is built, and closed when it stops. The MQTT
 * client holds this part from the start and reaches the outbox through it.
 */
export class OutboxPart implements EventQueue {
  private outbox: Outbox | null = null;
  private readonly log: Logger;

  constructor(private readonly opts: OutboxOptions) {
    this.log = opts.logger.child({ module: 'outbox' });
  }

  /** Throws OutboxOpenError when the state folder cannot hold it (exit 78). */
  start(): void {
    this.outbox ??= Outbox.open(this.opts);
  }

  async stop(): Promise<void> {
    await this.outbox?.close();
  }

  /** Null before the outbox is open. */
  stats(): OutboxStats | null {
    return this.outbox?.stats() ?? null;
  }

  add(topic: string, payload: string): void {
    if (this.outbox === null) {
      this.log.error({ topic }, 'outbox not open: message not kept');
      return;
    }
    this.outbox.add(topic, payload);
  }

  resume(send: OutboxSend): void {
    this.outbox?.resume(send);
  }

  pause(): void {
    this.outbox?.pause();
  }

  waitIdle(timeoutMs: number): Promise<boolean> {
    return this.outbox?.waitIdle(timeoutMs) ?? Promise.resolve(true);
  }
}

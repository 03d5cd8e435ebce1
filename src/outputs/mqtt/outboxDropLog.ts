import type { Clock } from '../../core/index.js';
import type { Logger } from '../../log/index.js';

const DROP_LOG_EVERY_MS = 60_000;

/**
 * Logs what a full outbox dropped, at most once a minute: during a long outage every add()
 * drops the oldest message, and a line for each would bury everything else in the journal.
 */
export class OutboxDropLog {
  private notLogged = 0;
  private lastLogMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: Logger,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly limits: { maxMessages: number; maxBytes: number },
  ) {}

  dropped(): void {
    this.notLogged += 1;
  }

  /** Logs the drops not logged yet; unless `force`, not within a minute of the last line. */
  flush(force: boolean, outbox: { droppedTotal: number; depth: number }): void {
    if (this.notLogged === 0) return;
    const nowMs = this.clock.now();
    if (!force && nowMs - this.lastLogMs < DROP_LOG_EVERY_MS) return;
    this.log.warn(
      {
        dropped: this.notLogged,
        droppedTotal: outbox.droppedTotal,
        depth: outbox.depth,
        maxMessages: this.limits.maxMessages,
        maxBytes: this.limits.maxBytes,
      },
      'outbox full: oldest messages dropped',
    );
    this.notLogged = 0;
    this.lastLogMs = nowMs;
  }
}

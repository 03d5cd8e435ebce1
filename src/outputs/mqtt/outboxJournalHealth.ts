import type { Clock, TimerHandle } from '../../core/index.js';
import type { Logger } from '../../log/index.js';

/** How long a failing journal waits before trying again on its own (no new message needed). */
export const JOURNAL_RETRY_MS = 5_000;

/**
 * Whether the outbox journal holds everything pending. After a failed write (disk full, I/O
 * error) it does not: messages are kept in memory only, which /healthz, a metric and one
 * error line report, until a rewrite of everything pending succeeds — on the next message,
 * delivery, or a retry every JOURNAL_RETRY_MS — and one line says so.
 */
export class OutboxJournalHealth {
  private failing = false;
  private failures = 0;
  private retryTimer: TimerHandle | null = null;

  constructor(
    private readonly log: Logger,
    private readonly file: string,
    private readonly clock: Clock,
    /** Rewrites the journal with everything pending; called by the retry timer. */
    private readonly catchUp: () => void,
  ) {}

  /** False while messages are missing from the journal. */
  get writable(): boolean {
    return !this.failing;
  }

  /** Failed writes since start. */
  get errors(): number {
    return this.failures;
  }

  failed(err: unknown): void {
    this.failures += 1;
    if (!this.failing) {
      this.failing = true;
      this.log.error(
        { err, file: this.file },
        'outbox cannot write its journal (disk full?): events and alerts are kept in memory only until it can',
      );
    }
    this.scheduleRetry();
  }

  /** Everything pending is on disk again. */
  caughtUp(): void {
    if (!this.failing) return;
    this.failing = false;
    this.stop();
    this.log.info(
      { file: this.file },
      'outbox journal writable again; everything pending is on disk',
    );
  }

  stop(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    const timer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.failing) this.catchUp();
    }, JOURNAL_RETRY_MS);
    this.retryTimer = this.clock.unref(timer);
  }
}

import type { OutboxJournal } from './outboxJournal.js';
import type { OutboxQueue } from './outboxQueue.js';

/** The journal is rewritten once dead records outweigh live ones by this much. */
const COMPACT_SLACK_BYTES = 1024 * 1024;

/**
 * Records in the journal what the broker has: a done mark before the oldest message still
 * waiting, the journal cleared once none waits, or rewritten once dead records outweigh the
 * live ones. Acks arrive in bursts: one mark per turn of the event loop is enough.
 */
export class OutboxDoneMarks {
  private due = false;

  constructor(
    private readonly journal: OutboxJournal,
    private readonly queue: OutboxQueue,
    /** The journal refused the mark; worst case the next start delivers some messages twice. */
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(): void {
    if (this.due) return;
    this.due = true;
    setImmediate(() => this.write());
  }

  /** Writes the mark now if one is due (close() cannot wait for the next turn). */
  write(): void {
    if (!this.due) return;
    this.due = false;
    try {
      const { oldest } = this.queue;
      if (oldest === undefined) this.journal.clear();
      else if (this.journal.sizeBytes > 2 * this.queue.recordBytes + COMPACT_SLACK_BYTES) {
        this.journal.rewrite(this.queue.pending());
      } else this.journal.markDone(oldest.seq - 1);
    } catch (err) {
      this.onError(err);
    }
  }
}

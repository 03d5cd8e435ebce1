import { appendFileSync } from 'node:fs';
import path from 'node:path';

export const QUARANTINE_FILE = 'outbox.quarantine.jsonl';

/** A record set aside: what it was (the journal line, or the message) and why. */
export interface QuarantinedRecord {
  reason: string;
  record: unknown;
}

/**
 * Beside the journal, the records that can never be sent: set aside (one JSON line each,
 * with the reason and when) so they neither block delivery nor vanish without a trace.
 */
export class OutboxQuarantine {
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, QUARANTINE_FILE);
  }

  /** Appends the records; throws what the write throws. */
  add(records: readonly QuarantinedRecord[], atMs: number): void {
    if (records.length === 0) return;
    const at = new Date(atMs).toISOString();
    const lines = records.map(
      (r) => `${JSON.stringify({ at, reason: r.reason, record: r.record })}\n`,
    );
    appendFileSync(this.file, lines.join(''), { mode: 0o600 });
  }
}

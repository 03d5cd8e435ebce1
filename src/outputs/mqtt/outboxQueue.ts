import type { JournalMessage } from './outboxJournal.js';

export type EntryState = 'waiting' | 'sending' | 'done';

export interface OutboxEntry extends JournalMessage {
  state: EntryState;
  /** Bytes of topic and payload, what outbox.max_bytes bounds. */
  bytes: number;
  attempts: number;
}

/**
 * The outbox's messages in memory, oldest first, with a cursor for the next one to send.
 * Messages leave only from the front (delivered or dropped in order); one done out of order
 * waits there until everything before it is done too, because the journal records "done up
 * to seq" as a single number.
 */
export class OutboxQueue {
  private entries: OutboxEntry[] = [];
  private head = 0;
  private cursor = 0;
  private totalBytes = 0;
  private totalRecordBytes = 0;

  get depth(): number {
    return this.entries.length - this.head;
  }

  /** Bytes of topics and payloads pending. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Bytes of their lines in the journal, to tell when compacting it pays. */
  get recordBytes(): number {
    return this.totalRecordBytes;
  }

  get oldest(): OutboxEntry | undefined {
    return this.entries[this.head];
  }

  get hasUnsent(): boolean {
    return this.cursor < this.entries.length;
  }

  push(message: JournalMessage): void {
    const bytes = Buffer.byteLength(message.topic) + Buffer.byteLength(message.payload);
    this.entries.push({ ...message, state: 'waiting', bytes, attempts: 0 });
    this.totalBytes += bytes;
    this.totalRecordBytes += message.recordBytes;
  }

  /** The next entry waiting to go out, moving the cursor past it; undefined when none. */
  takeNext(): OutboxEntry | undefined {
    while (this.cursor < this.entries.length) {
      const entry = this.entries[this.cursor] as OutboxEntry;
      this.cursor += 1;
      if (entry.state === 'waiting') return entry;
    }
    return undefined;
  }

  /** `entry` goes out again, before anything newer not yet sent. */
  rewindTo(entry: OutboxEntry): void {
    const index = this.indexOf(entry);
    if (index < this.cursor) this.cursor = index;
  }

  /** Forgets the done entries at the front; returns how many. */
  removeDone(): number {
    const before = this.head;
    while (this.head < this.entries.length && this.entries[this.head]?.state === 'done') {
      const entry = this.entries[this.head] as OutboxEntry;
      this.totalBytes -= entry.bytes;
      this.totalRecordBytes -= entry.recordBytes;
      this.head += 1;
    }
    if (this.cursor < this.head) this.cursor = this.head;
    const removed = this.head - before;
    this.trim();
    return removed;
  }

  /** Pending entries, oldest first (a copy). */
  pending(): OutboxEntry[] {
    return this.entries.slice(this.head);
  }

  /** Drops the removed entries from the array now and then: splicing each time is quadratic. */
  private trim(): void {
    if (this.head < 1024 && this.head < this.entries.length) return;
    this.entries = this.entries.slice(this.head);
    this.cursor -= this.head;
    this.head = 0;
  }

  /** Binary search by seq: seqs grow along the queue (with gaps where a journal write failed). */
  private indexOf(entry: OutboxEntry): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.entries[middle] as OutboxEntry).seq < entry.seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

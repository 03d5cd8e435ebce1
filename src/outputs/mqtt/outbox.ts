import { mkdirSync } from 'node:fs';
import { type Clock, systemClock, type TimerHandle } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import { IdleWaiters } from './idleWaiters.js';
import { OutboxDoneMarks } from './outboxDoneMarks.js';
import { OutboxDropLog } from './outboxDropLog.js';
import { OutboxJournal } from './outboxJournal.js';
import { OutboxJournalHealth } from './outboxJournalHealth.js';
import { OutboxQuarantine, type QuarantinedRecord } from './outboxQuarantine.js';
import { type OutboxEntry, OutboxQueue } from './outboxQueue.js';
import { unpublishableReason } from './outboxRecordCheck.js';
import { lockStateDir } from './stateLock.js';

/**
 * Events and alerts waiting for the broker. Each message is on disk before add() returns
 * (see OutboxJournal), goes out in order with QoS 1 while the broker is connected, and is
 * forgotten only once the broker acknowledged it (PUBACK) or it was dropped because the
 * outbox was full (oldest first; counted and logged).
 *
 * Delivery is AT LEAST ONCE, not exactly once: a message the broker received whose PUBACK
 * was lost with the connection is sent again after the reconnect, and one acknowledged just
 * before the daemon was killed may be sent again after the restart. Subscribers that must
 * not count one twice dedupe on the payload's id.
 */

/**
 * Sends one message with QoS 1; `done` once the broker acknowledged it (no error: undefined
 * or null, as MQTT.js passes), or with an error.
 */
export type OutboxSend = (
  topic: string,
  payload: string,
  done: (err?: Error | null) => void,
) => void;

export interface OutboxOptions {
  /** Folder of the journal file (config.stateDir). */
  dir: string;
  maxMessages: number;
  /** Bound on the bytes of topics and payloads held. */
  maxBytes: number;
  logger: Logger;
  /** Message ages, the retry pause, idle waits; the system clock unless given. */
  clock?: Clock;
  /** Messages sent and not yet acknowledged at one time; order is kept regardless. */
  maxInFlight?: number;
  /** Pause after a send failed while connected, so a refusing broker is not hammered. */
  retryAfterErrorMs?: number;
}

export interface OutboxStats {
  /** Messages not yet acknowledged, in flight included. */
  depth: number;
  /** Bytes of their topics and payloads. */
  bytes: number;
  inFlight: number;
  /** Handed to add() since start. */
  added: number;
  /** Acknowledged by the broker since start. */
  delivered: number;
  /** Given up since start: oldest dropped when full, or refused by the broker again and again. */
  dropped: number;
  /** Age of the oldest message waiting; null when empty. */
  oldestAgeMs: number | null;
  journalBytes: number;
  /** Writes to the journal that failed (disk full, I/O error); those messages are memory-only. */
  journalErrors: number;
  /** False while some pending messages are in memory only (the last journal write failed). */
  journalWritable: boolean;
  /** Set aside since start, as never publishable (a wildcard or empty topic...): see quarantine. */
  quarantined: number;
}

/** Thrown by open() when the state folder cannot hold the outbox. */
export class OutboxOpenError extends Error {
  override readonly name = 'OutboxOpenError';
}

const DEFAULT_MAX_IN_FLIGHT = 32;
/** A message the broker refuses this often while connected is dropped, so it cannot block the rest. */
const MAX_ATTEMPTS = 5;
const RETRY_AFTER_ERROR_MS = 1_000;

export class Outbox {
  private readonly opts: OutboxOptions;
  private readonly journal: OutboxJournal;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly maxInFlight: number;
  private readonly queue = new OutboxQueue();
  /** How to reach the broker while it is connected; null while it is not. */
  private send: OutboxSend | null = null;
  /** After a refused message, nothing goes out for a moment. */
  private backingOff = false;
  private inFlight = 0;
  private lastSeq: number;
  private added = 0;
  private delivered = 0;
  private dropped = 0;
  private readonly journalHealth: OutboxJournalHealth;
  private readonly quarantine: OutboxQuarantine;
  private quarantined = 0;
  private catchUpDue = false;
  private readonly dropLog: OutboxDropLog;
  private readonly doneMarks: OutboxDoneMarks;
  private retryTimer: TimerHandle | null = null;
  private readonly idleWaiters: IdleWaiters;
  private closed = false;

  private constructor(
    opts: OutboxOptions,
    journal: OutboxJournal,
    lastSeq: number,
    private readonly unlock: () => void,
  ) {
    this.opts = opts;
    this.journal = journal;
    this.log = opts.logger.child({ module: 'outbox' });
    this.clock = opts.clock ?? systemClock;
    this.idleWaiters = new IdleWaiters(this.clock);
    this.maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.lastSeq = lastSeq;
    this.quarantine = new OutboxQuarantine(opts.dir);
    this.dropLog = new OutboxDropLog(this.log, this.clock, opts);
    this.journalHealth = new OutboxJournalHealth(this.log, journal.file, this.clock, () =>
      this.catchUpJournal(),
    );
    this.doneMarks = new OutboxDoneMarks(journal, this.queue, (err) =>
      this.journalHealth.failed(err),
    );
  }

  /** Opens (or creates) the journal in `dir` and takes over what a previous run left. */
  static open(opts: OutboxOptions): Outbox {
    let opened: ReturnType<typeof OutboxJournal.open>;
    let unlock = () => {};
    const setAside = { records: [] as QuarantinedRecord[], error: null as unknown };
    try {
      mkdirSync(opts.dir, { recursive: true });
      unlock = lockStateDir(opts.dir);
      // Written to the quarantine before the journal is rewritten without them.
      opened = OutboxJournal.open(opts.dir, (records) => {
        setAside.records = records;
        setAside.error = writeQuarantine(opts, records);
      });
    } catch (err) {
      unlock();
      const reason = err instanceof Error ? err.message : String(err);
      const where = JSON.stringify(opts.dir);
      throw new OutboxOpenError(`cannot keep the outbox in ${where}: ${reason}`, { cause: err });
    }
    const { journal, contents } = opened;
    const outbox = new Outbox(opts, journal, contents.lastSeq, unlock);
    for (const message of contents.messages) outbox.queue.push(message);
    outbox.reportQuarantined(setAside.records, setAside.error);
    outbox.enforceBounds();
    const { unreadableLines } = contents;
    const pending = outbox.queue.depth;
    outbox.log.info({ file: journal.file, pending, unreadableLines }, 'outbox opened');
    return outbox;
  }

  /** Keeps `payload` for `topic` until the broker has it. Never throws. */
  add(topic: string, payload: string): void {
    if (this.closed) {
      this.log.error({ topic }, 'outbox closed: message not kept');
      return;
    }
    this.added += 1;
    const reason = unpublishableReason(topic, payload);
    if (reason !== null) {
      const records = [{ reason, record: { topic, payload } }];
      this.reportQuarantined(records, writeQuarantine(this.opts, records));
      return;
    }
    const seq = ++this.lastSeq;
    const addedAtMs = this.clock.now();
    const wasWritable = this.journalHealth.writable;
    let recordBytes = 0;
    if (wasWritable) {
      try {
        recordBytes = this.journal.appendMessage(seq, topic, payload, addedAtMs);
      } catch (err) {
        // Still delivered if the broker is there; only a restart before that would lose it.
        this.journalHealth.failed(err);
      }
    }
    this.queue.push({ seq, topic, payload, addedAtMs, recordBytes });
    this.enforceBounds();
    // Appending after a gap would leave the earlier memory-only messages off the disk.
    if (!wasWritable) this.scheduleCatchUp();
    this.pump();
  }

  /** The broker is connected: deliver through `send`, in order. */
  resume(send: OutboxSend): void {
    this.send = send;
    const { depth } = this.queue;
    if (depth > 0) this.log.info({ depth }, 'outbox delivering');
    this.pump();
  }

  /** The broker is gone: send nothing new. Messages in flight are MQTT.js's to resend. */
  pause(): void {
    this.send = null;
  }

  /** Resolves true once nothing is in flight and nothing deliverable waits, false on timeout. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return this.idleWaiters.wait(timeoutMs);
  }

  stats(): OutboxStats {
    const { oldest } = this.queue;
    return {
      depth: this.queue.depth,
      bytes: this.queue.bytes,
      inFlight: this.inFlight,
      added: this.added,
      delivered: this.delivered,
      dropped: this.dropped,
      oldestAgeMs: oldest === undefined ? null : this.clock.now() - oldest.addedAtMs,
      journalBytes: this.journal.sizeBytes,
      journalErrors: this.journalHealth.errors,
      journalWritable: this.journalHealth.writable,
      quarantined: this.quarantined,
    };
  }

  /** Writes the last done mark and closes the journal; what is pending waits for the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.send = null;
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.journalHealth.stop();
    this.logDrops(true);
    // Last chance to put the memory-only messages on disk for the next start.
    if (this.journalHealth.writable) this.doneMarks.write();
    else this.catchUpJournal();
    try {
      await this.journal.close();
    } finally {
      this.unlock();
    }
  }

  /** Counts and logs what was set aside; `error` when even the quarantine file failed. */
  private reportQuarantined(records: readonly QuarantinedRecord[], error: unknown): void {
    if (records.length === 0) return;
    this.quarantined += records.length;
    const reasons = [...new Set(records.map((r) => r.reason))];
    const fields = { count: records.length, reasons, file: this.quarantine.file };
    if (error === null) {
      this.log.error(fields, 'outbox set aside messages that can never be published');
    } else {
      // Not kept anywhere else: the records go into the log so that nothing vanishes silently.
      this.log.error(
        { ...fields, err: error, records },
        'outbox dropped messages that can never be published (quarantine file not writable)',
      );
    }
  }

  private enforceBounds(): void {
    const { maxMessages, maxBytes } = this.opts;
    for (;;) {
      const { oldest, depth, bytes } = this.queue;
      if (oldest === undefined || (depth <= maxMessages && bytes <= maxBytes)) break;
      if (oldest.state === 'sending') this.inFlight -= 1;
      oldest.state = 'done';
      this.dropped += 1;
      this.dropLog.dropped();
      this.advanceHead();
    }
    this.logDrops(false);
  }

  private logDrops(force: boolean): void {
    this.dropLog.flush(force, { droppedTotal: this.dropped, depth: this.queue.depth });
  }

  private pump(): void {
    const send = this.backingOff ? null : this.send;
    while (send !== null && this.inFlight < this.maxInFlight) {
      const entry = this.queue.takeNext();
      if (entry === undefined) break;
      entry.state = 'sending';
      entry.attempts += 1;
      this.inFlight += 1;
      send(entry.topic, entry.payload, (err) => this.onSent(entry, err));
    }
    if (this.isIdle()) this.idleWaiters.wakeAll();
  }

  private onSent(entry: OutboxEntry, err: Error | null | undefined): void {
    // Dropped (outbox full) while in flight: already accounted for.
    if (entry.state !== 'sending') return;
    this.inFlight -= 1;
    if (err === undefined || err === null) {
      entry.state = 'done';
      this.delivered += 1;
    } else {
      this.onFailed(entry, err);
    }
    this.advanceHead();
    this.pump();
  }

  private onFailed(entry: OutboxEntry, err: Error): void {
    if (entry.attempts >= MAX_ATTEMPTS) {
      entry.state = 'done';
      this.dropped += 1;
      this.log.error(
        { err, topic: entry.topic, seq: entry.seq, attempts: entry.attempts },
        'outbox gave up on a message the broker keeps refusing',
      );
      return;
    }
    entry.state = 'waiting';
    this.queue.rewindTo(entry);
    this.log.debug({ err, topic: entry.topic, seq: entry.seq }, 'outbox send failed; will retry');
    // Not at once: a refusal while connected would otherwise spin.
    if (this.retryTimer !== null) return;
    this.backingOff = true;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.backingOff = false;
      if (!this.closed) this.pump();
    }, this.opts.retryAfterErrorMs ?? RETRY_AFTER_ERROR_MS);
  }

  private advanceHead(): void {
    if (this.queue.removeDone() === 0) return;
    if (this.journalHealth.writable) this.doneMarks.schedule();
    else this.scheduleCatchUp();
  }

  /** One catch-up per turn of the event loop: each rewrites everything pending. */
  private scheduleCatchUp(): void {
    if (this.catchUpDue) return;
    this.catchUpDue = true;
    setImmediate(() => {
      this.catchUpDue = false;
      if (!this.closed && !this.journalHealth.writable) this.catchUpJournal();
    });
  }

  /** Puts everything pending on disk after failed writes: one rewrite, done marks included. */
  private catchUpJournal(): void {
    try {
      this.journal.rewrite(this.queue.pending());
      this.journalHealth.caughtUp();
    } catch (err) {
      this.journalHealth.failed(err);
    }
  }

  private isIdle(): boolean {
    const canSend = this.send !== null && !this.backingOff;
    return this.inFlight === 0 && (!canSend || !this.queue.hasUnsent);
  }
}

/** Appends to the quarantine file beside the journal; the error, or null once written. */
function writeQuarantine(opts: OutboxOptions, records: readonly QuarantinedRecord[]): unknown {
  try {
    new OutboxQuarantine(opts.dir).add(records, (opts.clock ?? systemClock).now());
    return null;
  } catch (err) {
    return err;
  }
}

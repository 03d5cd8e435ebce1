import {
  closeSync,
  fdatasync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { QuarantinedRecord } from './outboxQuarantine.js';
import { unpublishableReason } from './outboxRecordCheck.js';

/**
 * The outbox on disk: one append-only file of JSON lines. A message is `{"s":seq,"t":topic,
 * "p":payload,"at":ms}`; `{"d":seq}` says every message up to seq is done (delivered or
 * dropped). Delivery is in order, so one number says what is done.
 *
 * Durability: every record is written with a synchronous write(2) before add() returns, so
 * it is in the kernel's page cache and survives the daemon being killed (SIGKILL, OOM, a
 * crash). Against power loss, message records are also fdatasync'ed, asynchronously and
 * coalesced (at most one sync in flight), so recognition never waits for the disk and a
 * burst of events costs one sync. Done marks are never synced on their own: losing one only
 * means delivering a message twice, which at-least-once delivery allows anyway.
 */

export interface JournalMessage {
  seq: number;
  topic: string;
  payload: string;
  addedAtMs: number;
  /** Bytes of this message's line in the file. */
  recordBytes: number;
}

export interface JournalContents {
  /** Not yet done, oldest first. */
  messages: JournalMessage[];
  /** Lines that could not be read (a write torn by a crash, a damaged disk block). */
  unreadableLines: number;
  /** Not done, but never publishable (see unpublishableReason): left out of `messages`. */
  quarantined: QuarantinedRecord[];
  /** Highest seq ever written; the next message gets a higher one. */
  lastSeq: number;
}

export const JOURNAL_FILE = 'outbox.jsonl';

interface MessageRecord {
  s: number;
  t: string;
  p: string;
  at: number;
}

export class OutboxJournal {
  readonly file: string;
  private fd: number;
  private bytes = 0;
  private syncing = false;
  private syncAgain = false;
  private syncDone: Promise<void> = Promise.resolve();
  private closed = false;
  /** A failed append may have left part of its line: cut back to `bytes` before the next. */
  private torn = false;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.fd = fd;
  }

  /**
   * Reads what a previous run left (tolerating a torn last line) and rewrites the file with
   * only the undelivered messages, after handing the unpublishable ones to `setAside`.
   * Throws, naming the file, when the folder is unusable.
   */
  static open(
    dir: string,
    setAside: (records: QuarantinedRecord[]) => void = () => {},
  ): { journal: OutboxJournal; contents: JournalContents } {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, JOURNAL_FILE);
    // A compaction interrupted by a crash leaves its temporary file; the journal is intact.
    rmSync(tempFileOf(file), { force: true });
    const contents = readJournal(file);
    setAside(contents.quarantined);
    const fd = openSync(file, 'a');
    const journal = new OutboxJournal(file, fd);
    journal.rewrite(contents.messages);
    return { journal, contents };
  }

  /** Bytes in the file now, dead records included. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** Appends a message record; returns its line length. Throws what write(2) throws. */
  appendMessage(seq: number, topic: string, payload: string, addedAtMs: number): number {
    const record: MessageRecord = { s: seq, t: topic, p: payload, at: addedAtMs };
    const written = this.writeLine(JSON.stringify(record));
    this.scheduleSync();
    return written;
  }

  /** Records that every message up to `seq` is done. */
  markDone(seq: number): void {
    this.writeLine(JSON.stringify({ d: seq }));
  }

  /** Nothing is pending: start the file over (cheaper than marks that all cancel out). */
  clear(): void {
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
    this.torn = false;
  }

  /**
   * Replaces the file with just `messages`: written to a temporary file, synced, renamed
   * over the journal and the folder synced, so a crash leaves either file whole.
   */
  rewrite(messages: readonly JournalMessage[]): void {
    const temp = tempFileOf(this.file);
    const lines = messages.map((m) => `${JSON.stringify(toRecord(m))}\n`).join('');
    const tempFd = openSync(temp, 'w');
    try {
      writeWhole(tempFd, Buffer.from(lines));
      fsyncSync(tempFd);
    } finally {
      closeSync(tempFd);
    }
    renameSync(temp, this.file);
    syncFolder(path.dirname(this.file));
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
    this.bytes = Buffer.byteLength(lines);
    this.torn = false;
  }

  /** Waits for a sync in flight, syncs what is left and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.syncDone;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  /**
   * Appends one whole line or throws. A line is durable only once every byte of it is written:
   * a short write (disk full) is continued, and a failure cuts the file back to its last whole
   * line, so the next append does not land on a torn one and take it down with it.
   */
  private writeLine(json: string): number {
    if (this.closed) throw new Error(`outbox journal ${this.file} is closed`);
    const line = Buffer.from(`${json}\n`);
    if (this.torn && !this.cutBackToWholeLines()) {
      throw new Error(`outbox journal ${this.file} ends in a partial line it cannot cut off`);
    }
    try {
      writeWhole(this.fd, line);
    } catch (err) {
      this.torn = true;
      this.cutBackToWholeLines();
      throw err;
    }
    this.bytes += line.length;
    return line.length;
  }

  /** Truncating needs no free space; if even that fails, the next append tries again first. */
  private cutBackToWholeLines(): boolean {
    try {
      ftruncateSync(this.fd, this.bytes);
      this.torn = false;
    } catch {
      // Still torn: writeLine() appends nothing after a partial line until this succeeds.
    }
    return !this.torn;
  }

  private scheduleSync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    this.syncDone = new Promise<void>((resolve) => {
      // Errors surface on the next write or on close; a failed sync loses nothing in memory.
      fdatasync(this.fd, () => {
        this.syncing = false;
        resolve();
        if (this.syncAgain && !this.closed) {
          this.syncAgain = false;
          this.scheduleSync();
        }
      });
    });
  }
}

function writeWhole(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) {
    const written = writeSync(fd, buffer, offset, buffer.length - offset);
    if (written <= 0) {
      throw Object.assign(new Error('write made no progress (disk full?)'), { code: 'ENOSPC' });
    }
    offset += written;
  }
}

function toRecord(message: JournalMessage): MessageRecord {
  return { s: message.seq, t: message.topic, p: message.payload, at: message.addedAtMs };
}

function tempFileOf(file: string): string {
  return `${file}.tmp`;
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readJournal(file: string): JournalContents {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { messages: [], unreadableLines: 0, quarantined: [], lastSeq: 0 };
    }
    throw err;
  }
  const bySeq = new Map<number, JournalMessage>();
  const poisonBySeq = new Map<number, QuarantinedRecord>();
  let doneUpTo = 0;
  let unreadableLines = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = parseLine(line);
    if (parsed === undefined) unreadableLines += 1;
    else if ('d' in parsed) doneUpTo = Math.max(doneUpTo, parsed.d);
    else if ('poison' in parsed) poisonBySeq.set(parsed.seq, parsed.poison);
    else bySeq.set(parsed.seq, parsed);
  }
  let lastSeq = doneUpTo;
  for (const seq of [...bySeq.keys(), ...poisonBySeq.keys()]) lastSeq = Math.max(lastSeq, seq);
  const messages = [...bySeq.values()]
    .filter((m) => m.seq > doneUpTo)
    .sort((a, b) => a.seq - b.seq);
  const quarantined = [...poisonBySeq.entries()]
    .filter(([seq]) => seq > doneUpTo)
    .sort(([a], [b]) => a - b)
    .map(([, record]) => record);
  return { messages, unreadableLines, quarantined, lastSeq };
}

type ParsedLine = JournalMessage | { d: number } | { seq: number; poison: QuarantinedRecord };

function parseLine(line: string): ParsedLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<MessageRecord> & { d?: unknown };
  if (isSeq(record.d)) return { d: record.d };
  if (!isSeq(record.s)) return undefined;
  const reason = unpublishableReason(record.t, record.p);
  if (reason !== null) return { seq: record.s, poison: { reason, record: value } };
  if (typeof record.t !== 'string' || typeof record.p !== 'string') return undefined;
  const addedAtMs = typeof record.at === 'number' ? record.at : 0;
  const recordBytes = Buffer.byteLength(line) + 1;
  return { seq: record.s, topic: record.t, payload: record.p, addedAtMs, recordBytes };
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

import { randomBytes } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One daemon per state folder: two would append to one outbox journal and rewrite it under
 * each other's feet. The lock names its holder by pid and start time (so a pid reused after a
 * reboot or a crash is not mistaken for the holder); a holder that is gone — SIGKILLed,
 * crashed — leaves a stale lock that the next start takes over.
 *
 * Taking over safely is the hard part. POSIX cannot remove a file "if it is still the stale
 * one": between reading a stale lock and removing it by name, another starting daemon may
 * have taken it over and put its own live lock there. So no lock is ever removed to make room.
 * Locks are numbered generations, `actionwatch.lock.<n>`, and the newest one decides:
 *
 * - to take the folder, read the newest lock; if its holder is alive it is in use; otherwise
 *   link(2) a lock of our own as generation n + 1, which fails with EEXIST for all but one of
 *   any number of daemons trying together;
 * - the winner then lists the folder again: a newer generation means its reading was out of
 *   date (it slept between reading and linking while others moved on), so it steps back;
 * - releasing adds a newer generation that holds nobody, then removes ours, so the newest
 *   generation never goes backwards — a lock read long ago can never be linked over a newer
 *   live one;
 * - only a holder removes generations, and only older ones than its own.
 */

const LOCK_PREFIX = 'actionwatch.lock.';
const GENERATION_NAME = /^actionwatch\.lock\.(\d+)$/;

/** The one lock file of the versions before generations: a daemon of one may still be running. */
const SINGLE_FILE_LOCK = 'actionwatch.lock';

interface Holder {
  pid: number;
  /** /proc/<pid>/stat's start time (clock ticks since boot); null where /proc is missing. */
  start: string | null;
}

/** Rounds of read, link, check; each lost round means another daemon moved first. */
const MAX_ATTEMPTS = 20;

const RELEASED = JSON.stringify({ released: true });

export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
}

/** Takes the lock on `dir`; returns a function that releases it. Throws StateLockedError. */
export function lockStateDir(dir: string, pid = process.pid): () => void {
  // The token tells this lock from any other, even one of the same pid.
  const me = JSON.stringify({
    pid,
    start: startTimeOf(pid),
    token: randomBytes(8).toString('hex'),
  });
  const older = readHolder(path.join(dir, SINGLE_FILE_LOCK));
  if (older !== 'gone' && older !== null && isAlive(older)) throw inUse(dir, older);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const newest = newestGeneration(dir);
    if (newest > 0) {
      const holder = readHolder(lockFile(dir, newest));
      if (holder === 'gone') continue; // a newer generation replaced it: look again
      if (holder !== null && isAlive(holder)) throw inUse(dir, holder);
    }
    const mine = newest + 1;
    if (!linkNewFile(lockFile(dir, mine), me)) continue;
    if (newestGeneration(dir) > mine) {
      rmSync(lockFile(dir, mine), { force: true });
      continue;
    }
    removeGenerationsBefore(dir, mine);
    if (older !== 'gone') rmSync(path.join(dir, SINGLE_FILE_LOCK), { force: true });
    return () => release(dir, mine, me);
  }
  throw new StateLockedError(
    `cannot lock state folder ${JSON.stringify(dir)}: other processes keep taking it first`,
  );
}

function inUse(dir: string, holder: Holder): StateLockedError {
  return new StateLockedError(
    `state folder ${JSON.stringify(dir)} is in use by process ${holder.pid} (another actionwatch with the same state_dir?)`,
  );
}

/** The holder of the newest lock on `dir`, or null when no live process holds it. */
export function stateDirHolder(dir: string): Holder | null {
  const newest = newestGeneration(dir);
  if (newest === 0) return null;
  const holder = readHolder(lockFile(dir, newest));
  return holder !== 'gone' && holder !== null && isAlive(holder) ? holder : null;
}

function lockFile(dir: string, generation: number): string {
  return path.join(dir, `${LOCK_PREFIX}${generation}`);
}

/** The highest generation in `dir`, 0 when there is none. */
function newestGeneration(dir: string): number {
  let newest = 0;
  for (const generation of generations(dir)) newest = Math.max(newest, generation);
  return newest;
}

function generations(dir: string): number[] {
  return readdirSync(dir).flatMap((name) => {
    const match = GENERATION_NAME.exec(name);
    return match ? [Number(match[1])] : [];
  });
}

/**
 * Makes `file` appear whole or not at all: the text is written to a file of our own first and
 * link(2)ed to the name (a file created first and written second could be read empty by
 * another daemon). False when `file` exists already.
 */
function linkNewFile(file: string, text: string): boolean {
  const own = `${file}.tmp.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(own, text, { flag: 'wx' });
  try {
    linkSync(own, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    rmSync(own, { force: true });
  }
}

/** The lock's holder; null for a released lock (or one this version cannot read). */
function readHolder(file: string): Holder | null | 'gone' {
  const text = readLock(file);
  return text === 'gone' ? 'gone' : parseHolder(text);
}

/** The lock file's text; 'gone' when a newer generation's holder has removed it. */
function readLock(file: string): string | 'gone' {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

function removeGenerationsBefore(dir: string, generation: number): void {
  for (const older of generations(dir)) {
    if (older < generation) rmSync(lockFile(dir, older), { force: true });
  }
}

/**
 * Leaves a newer, released generation and removes ours. Where the newer one exists already,
 * another process took over (it found us gone while we hung, say): its lock is not undone.
 */
function release(dir: string, generation: number, me: string): void {
  const ours = lockFile(dir, generation);
  if (readLock(ours) !== me) return;
  linkNewFile(lockFile(dir, generation + 1), RELEASED);
  rmSync(ours, { force: true });
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid !== 'number') return null;
    return { pid: value.pid, start: typeof value.start === 'string' ? value.start : null };
  } catch {
    return null;
  }
}

function isAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: alive, but another user's.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = startTimeOf(holder.pid);
  return holder.start === null || start === null || start === holder.start;
}

/** Field 22 of /proc/<pid>/stat; the command name before it may hold spaces and parentheses. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

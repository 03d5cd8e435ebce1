import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One daemon per state folder: two would append to one outbox journal and rewrite it under
 * each other's feet. The lock is a file naming its holder by pid and start time (so a pid
 * reused after a reboot or a crash is not mistaken for the holder); a holder that is gone —
 * SIGKILLed, crashed — leaves a stale lock that the next start takes over.
 */

export const LOCK_FILE = 'actionwatch.lock';

interface Holder {
  pid: number;
  /** /proc/<pid>/stat's start time (clock ticks since boot); null where /proc is missing. */
  start: string | null;
}

/** Rounds of link, read, remove-if-stale; each lost round means another daemon moved first. */
const MAX_ATTEMPTS = 10;

/** Far longer than writing a few bytes takes, even on a loaded machine. */
const UNREADABLE_GRACE_MS = 10_000;

export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
}

/**
 * Takes the lock on `dir`; returns a function that releases it. Throws StateLockedError.
 *
 * The lock file appears whole or not at all: the holder is written to a file of our own and
 * link(2)ed to the lock's name, which fails with EEXIST for all but one of any number of
 * daemons starting together (a file created first and written second would be read empty by
 * the others, called stale and removed).
 */
export function lockStateDir(dir: string, pid = process.pid): () => void {
  const file = path.join(dir, LOCK_FILE);
  // The token tells this lock from any other, even one of the same pid (inodes are reused).
  const me = JSON.stringify({
    pid,
    start: startTimeOf(pid),
    token: randomBytes(8).toString('hex'),
  });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (linkHolderFile(file, pid, me)) return () => unlockIfOurs(file, me);
    const found = readLock(file);
    if (found === 'gone') continue;
    if (isHeld(found)) {
      const who = found.holder === null ? 'another process' : `process ${found.holder.pid}`;
      throw new StateLockedError(
        `state folder ${JSON.stringify(dir)} is in use by ${who} (another actionwatch with the same state_dir?)`,
      );
    }
    removeIfStill(file, found.text);
  }
  throw new StateLockedError(
    `cannot lock state folder ${JSON.stringify(dir)}: ${file} keeps coming back`,
  );
}

/** Links a file holding `me` to `file`; false when a lock is there already. */
function linkHolderFile(file: string, pid: number, me: string): boolean {
  const own = `${file}.${pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(own, me, { flag: 'wx' });
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

interface FoundLock {
  text: string;
  ageMs: number;
  /** Null when the file cannot be read as a holder (not written by this version). */
  holder: Holder | null;
}

function readLock(file: string): FoundLock | 'gone' {
  try {
    const ageMs = Date.now() - statSync(file).mtimeMs;
    const text = readFileSync(file, 'utf8');
    return { text, ageMs, holder: parseHolder(text) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

/**
 * An unreadable lock (empty or partial: left by an older version that wrote it in a second
 * step) counts as held for a grace period, as its writer may be at it right now.
 */
function isHeld(found: FoundLock): boolean {
  if (found.holder === null) return found.ageMs < UNREADABLE_GRACE_MS;
  return isAlive(found.holder);
}

/**
 * Removes the stale lock that read `text`, and only that one: between reading it and removing
 * it another starting daemon may have replaced it with its own live lock. The file is moved
 * aside first (atomic) and, if it turns out to be a different one, put back.
 */
function removeIfStill(file: string, text: string): void {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readFileSync(aside, 'utf8') !== text) linkSync(aside, file);
  } catch (err) {
    // A third daemon linked its lock in the instant the live one was aside: it holds now.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Releases the lock only while the file is still ours (a takeover is not undone). */
function unlockIfOurs(file: string, me: string): void {
  try {
    if (readFileSync(file, 'utf8') === me) rmSync(file, { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
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

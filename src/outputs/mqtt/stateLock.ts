import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
}

/** Takes the lock on `dir`; returns a function that releases it. Throws StateLockedError. */
export function lockStateDir(dir: string, pid = process.pid): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = { pid, start: startTimeOf(pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder !== null && isAlive(holder)) {
      throw new StateLockedError(
        `state folder ${JSON.stringify(dir)} is in use by process ${holder.pid} (another actionwatch with the same state_dir?)`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new StateLockedError(
    `cannot lock state folder ${JSON.stringify(dir)}: ${file} keeps coming back`,
  );
}

function readHolder(file: string): Holder | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
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

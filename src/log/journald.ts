import { fstatSync } from 'node:fs';

/**
 * When stdout is connected to journald (systemd sets JOURNAL_STREAM to its device:inode),
 * each line gets an sd-daemon(3) priority prefix like `<4>`: journald strips it and files
 * the line under that priority, so `journalctl -p warning -u actionwatch` works while the
 * line itself stays the same JSON.
 */

const PRIORITY_BY_PINO_LEVEL: ReadonlyArray<[number, number]> = [
  [60, 2], // fatal → crit
  [50, 3], // error → err
  [40, 4], // warn → warning
  [30, 6], // info → info
  [0, 7], // debug, trace → debug
];

export function syslogPriority(pinoLevel: number): number {
  for (const [level, priority] of PRIORITY_BY_PINO_LEVEL) if (pinoLevel >= level) return priority;
  return 7;
}

/** True when `fd` is the stream JOURNAL_STREAM names. */
export function isJournalStream(env: NodeJS.ProcessEnv, fd: number): boolean {
  const match = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (match === null) return false;
  try {
    const stat = fstatSync(fd);
    return stat.dev === Number(match[1]) && stat.ino === Number(match[2]);
  } catch {
    return false;
  }
}

/** `<N>` for one pino JSON line (level read without parsing the whole line). */
export function priorityPrefix(jsonLine: string): string {
  const level = /"level":(\d+)/.exec(jsonLine)?.[1];
  return `<${syslogPriority(level === undefined ? 30 : Number(level))}>`;
}

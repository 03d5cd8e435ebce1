import { readdir, readFile } from 'node:fs/promises';

/** State and parent pid from /proc/<pid>/stat; null when the process is gone. */
async function procStat(pid: number | string): Promise<{ state: string; ppid: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const [state = '', ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/**
 * Live (not zombie: those have exited) processes whose command line contains `needle`, and
 * with `parentPid` as their parent when it is given.
 */
export async function liveProcesses(needle: string, parentPid?: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(entry);
    if (stat === null || stat.state === 'Z') continue;
    if (parentPid !== undefined && stat.ppid !== parentPid) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Which of `pids` still run (zombies count as gone: they have exited). */
export async function stillRunning(pids: readonly number[]): Promise<number[]> {
  const running: number[] = [];
  for (const pid of pids) {
    const stat = await procStat(pid);
    if (stat !== null && stat.state !== 'Z') running.push(pid);
  }
  return running;
}

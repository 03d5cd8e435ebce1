import { readFileSync } from 'node:fs';

/**
 * Linux exposes process CPU times in clock ticks of USER_HZ, which the kernel fixes at 100 on
 * every architecture Node.js supports (sysconf(_SC_CLK_TCK) is not reachable from Node).
 */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of process `pid` in ms, from /proc/<pid>/stat; null once it is gone. */
export function processCpuMs(pid: number): number | null {
  return cpuMsFromStat(`/proc/${pid}/stat`);
}

/**
 * CPU time of this process's main thread alone (the event loop), in ms: its task's stat
 * leaves out the inference thread and onnxruntime's pool.
 */
export function mainThreadCpuMs(): number {
  const cpu = cpuMsFromStat(`/proc/self/task/${process.pid}/stat`);
  if (cpu === null) throw new Error(`/proc/self/task/${process.pid}/stat cannot be read`);
  return cpu;
}

function cpuMsFromStat(file: string): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`${file}: cannot read utime/stime from '${text.trim()}'`);
  }
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

export interface ProcessMemory {
  /** Resident set size now, MiB. */
  rssMiB: number;
  /** Peak resident set size (VmHWM), MiB. */
  peakRssMiB: number;
}

/** Resident memory of `pid` (default: this process) from /proc/<pid>/status. */
export function processMemory(pid: number | 'self' = 'self'): ProcessMemory {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMiB: statusKiB(text, 'VmRSS') / 1024, peakRssMiB: statusKiB(text, 'VmHWM') / 1024 };
}

function statusKiB(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match === null) throw new Error(`/proc status has no ${key} line`);
  return Number(match[1]);
}

/** CPU used by a set of processes between two readings, as a share of one core. */
export class CpuMeter {
  private readonly startMs = new Map<number, number>();
  private startedAtMs = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  start(pids: readonly number[]): void {
    this.startMs.clear();
    this.startedAtMs = this.now();
    for (const pid of pids) {
      const cpu = processCpuMs(pid);
      if (cpu !== null) this.startMs.set(pid, cpu);
    }
  }

  /** Per pid: CPU ms used since start() divided by wall ms (1 = one full core); null if it exited. */
  read(): Map<number, number | null> {
    const wallMs = this.now() - this.startedAtMs;
    const shares = new Map<number, number | null>();
    for (const [pid, startCpu] of this.startMs) {
      const cpu = processCpuMs(pid);
      shares.set(pid, cpu === null || wallMs <= 0 ? null : (cpu - startCpu) / wallMs);
    }
    return shares;
  }
}

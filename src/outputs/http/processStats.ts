import { readdirSync } from 'node:fs';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { type Clock, systemClock, type TimerHandle } from '../../core/index.js';

export interface ProcessSnapshot {
  rssBytes: number;
  /** -1 where /proc is not available. */
  openFds: number;
  cpuSeconds: number;
  startTimeSeconds: number;
  heapUsedBytes: number;
  eventLoopLagP99Seconds: number;
  eventLoopLagMaxSeconds: number;
}

const LAG_PERIOD_MS = 60_000;

/**
 * The daemon process' own vital signs: memory and file descriptors (a leak shows up here in
 * a soak), CPU, and event loop delay, kept per minute so one stall long ago does not shadow
 * the present.
 */
export class ProcessStats {
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private lastPeriod = { p99Seconds: 0, maxSeconds: 0 };
  private timer: TimerHandle | null = null;

  constructor(private readonly clock: Clock = systemClock) {}

  start(): void {
    if (this.timer !== null) return;
    this.delay.enable();
    this.timer = this.clock.unref(this.clock.setInterval(() => this.rollPeriod(), LAG_PERIOD_MS));
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
    this.delay.disable();
  }

  snapshot(): ProcessSnapshot {
    const cpu = process.cpuUsage();
    const current = this.delay.count > 0 ? this.periodOf() : this.lastPeriod;
    return {
      rssBytes: process.memoryUsage.rss(),
      openFds: countOpenFds(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      startTimeSeconds: Math.round(Date.now() / 1000 - process.uptime()),
      heapUsedBytes: process.memoryUsage().heapUsed,
      eventLoopLagP99Seconds: Math.max(current.p99Seconds, this.lastPeriod.p99Seconds),
      eventLoopLagMaxSeconds: Math.max(current.maxSeconds, this.lastPeriod.maxSeconds),
    };
  }

  private rollPeriod(): void {
    this.lastPeriod = this.periodOf();
    this.delay.reset();
  }

  private periodOf(): { p99Seconds: number; maxSeconds: number } {
    // The histogram is in nanoseconds.
    return { p99Seconds: this.delay.percentile(99) / 1e9, maxSeconds: this.delay.max / 1e9 };
  }
}

function countOpenFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

import { type Clock, systemClock, type TimerHandle } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { HealthReport } from '../outputs/http/index.js';
import type { NotifyFields, SdNotifier } from './sdNotify.js';

export interface WatchdogOptions {
  notifier: SdNotifier;
  /** Reads WATCHDOG_USEC and WATCHDOG_PID (and removes them, like sd_watchdog_enabled). */
  env: NodeJS.ProcessEnv;
  health: () => HealthReport;
  /** One line for `systemctl status`. */
  status: () => string;
  logger: Logger;
  pid?: number;
  clock?: Clock;
}

/** How often STATUS= is refreshed when systemd asked for no watchdog. */
const STATUS_EVERY_MS = 10_000;

/**
 * Pings systemd's watchdog (WATCHDOG=1) at half its timeout, as sd_watchdog_enabled(3)
 * advises — but only while the daemon is healthy (see assessHealth). When it is not, the
 * pings stop and systemd restarts the service after WatchdogSec; a wedged event loop stops
 * them by itself, since this timer then never fires. STATUS= rides along when it changed.
 */
export class Watchdog {
  /** Ping period; null when systemd set no watchdog for this process. */
  readonly intervalMs: number | null;
  private readonly opts: WatchdogOptions;
  private readonly log: Logger;
  private readonly clock: Clock;
  private timer: TimerHandle | null = null;
  private lastStatus = '';
  private wasPinging = true;

  constructor(opts: WatchdogOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ module: 'watchdog' });
    this.clock = opts.clock ?? systemClock;
    this.intervalMs = watchdogIntervalMs(opts.env, opts.pid ?? process.pid, this.log);
    delete opts.env.WATCHDOG_USEC;
    delete opts.env.WATCHDOG_PID;
  }

  /** Ticks once now (READY=1 is sent by the caller first) and then periodically. */
  start(): void {
    if (!this.opts.notifier.enabled || this.timer !== null) return;
    this.tick();
    const periodMs = this.intervalMs ?? STATUS_EVERY_MS;
    // The pings must not keep a stopping daemon alive.
    this.timer = this.clock.unref(this.clock.setInterval(() => this.tick(), periodMs));
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: ping if live, refresh the status if it changed. Public for tests. */
  tick(): void {
    const health = this.opts.health();
    this.logTransition(health.problems);
    const fields: Record<string, string> = {};
    // A fault (full disk) is reported, but a restart would not cure it: keep pinging.
    const restartHelps = health.problems.length > 0;
    if (!restartHelps && this.intervalMs !== null) fields.WATCHDOG = '1';
    const status = health.live
      ? this.opts.status()
      : `unhealthy: ${[...health.problems, ...health.faults].join('; ')}`;
    if (status !== this.lastStatus) fields.STATUS = status;
    this.lastStatus = status;
    if (Object.keys(fields).length > 0) void this.opts.notifier.notify(fields as NotifyFields);
  }

  private logTransition(problems: readonly string[]): void {
    const pinging = problems.length === 0;
    if (pinging === this.wasPinging) return;
    this.wasPinging = pinging;
    if (pinging) this.log.info('healthy again; watchdog pings resumed');
    else this.log.error({ problems }, 'unhealthy; watchdog pings withheld');
  }
}

/** Half of WATCHDOG_USEC, when it is meant for this process; else null. */
export function watchdogIntervalMs(
  env: NodeJS.ProcessEnv,
  pid: number,
  log?: Logger,
): number | null {
  const usecText = env.WATCHDOG_USEC;
  if (usecText === undefined || usecText === '') return null;
  const usec = Number(usecText);
  if (!Number.isSafeInteger(usec) || usec <= 0) {
    log?.warn({ WATCHDOG_USEC: usecText }, 'ignoring an invalid WATCHDOG_USEC');
    return null;
  }
  const forPid = env.WATCHDOG_PID;
  if (forPid !== undefined && forPid !== '' && Number(forPid) !== pid) return null;
  return Math.max(1, Math.floor(usec / 2000));
}

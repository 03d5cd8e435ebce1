import type { Clock, TimerHandle } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { AlertRules } from '../recognize/index.js';
import type { ControlsStore } from './controlsStore.js';

/** A month: long enough for a holiday, short enough that a typo does not silence a rule for good. */
export const MAX_SUSPEND_MINUTES = 43_200;
const MINUTE_MS = 60_000;
/** setTimeout's longest delay (about 24.8 days); a longer suspension is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Minutes from a suspend payload (`30`, `0.5`, ` 0 `); undefined for anything else. */
export function parseSuspendMinutes(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const minutes = Number(trimmed);
  return minutes <= MAX_SUSPEND_MINUTES ? minutes : undefined;
}

export interface RuleSuspensionsOptions {
  rules: AlertRules;
  store: ControlsStore;
  /** Time, and the timer that fires the moment a suspension ends. */
  clock: Clock;
  logger: Logger;
  /** A rule's suspension started, changed or ended; `stateChanged` when it turned OFF. */
  onChange: (rule: string, stateChanged: boolean) => void;
}

/**
 * `<p>/alerts/<rule>/suspend` with a number of minutes (0 resumes). Suspensions are persisted:
 * a rule silenced for the night stays silent across a restart, and one that ended while the
 * daemon was down is not restored.
 */
export class RuleSuspensions {
  private readonly log: Logger;
  /** The one timer waiting for the next suspension to end, if any. */
  private expiryTimer: TimerHandle | null = null;

  constructor(private readonly opts: RuleSuspensionsOptions) {
    this.log = opts.logger.child({ module: 'controls' });
  }

  /** Re-applies persisted suspensions that have not ended yet. */
  restore(): void {
    const nowMs = this.opts.clock.now();
    for (const rule of this.opts.rules.names) {
      const untilMs = this.opts.store.suspendedUntil(rule);
      if (untilMs === null) continue;
      if (untilMs <= nowMs) {
        this.opts.store.setSuspendedUntil(rule, null);
        continue;
      }
      // What is left of it: the minutes Home Assistant shows for it after the restart.
      this.opts.rules.suspend(rule, untilMs, nowMs);
      this.log.info({ rule, until: new Date(untilMs).toISOString() }, 'alert rule still suspended');
    }
    this.scheduleExpiry();
  }

  command(rule: string, payload: string): 'changed' | 'refused' {
    if (!this.opts.rules.has(rule)) {
      this.log.warn({ rule }, 'suspend for an alert rule that is not configured; ignored');
      return 'refused';
    }
    const minutes = parseSuspendMinutes(payload);
    if (minutes === undefined) {
      this.log.warn(
        { rule, payload: payload.slice(0, 64) },
        `suspend payload must be minutes from 0 to ${MAX_SUSPEND_MINUTES}`,
      );
      return 'refused';
    }
    const nowMs = this.opts.clock.now();
    const untilMs = minutes === 0 ? null : nowMs + minutes * MINUTE_MS;
    const changes = this.opts.rules.suspend(rule, untilMs, nowMs);
    this.opts.store.setSuspendedUntil(rule, untilMs);
    const until = untilMs === null ? null : new Date(untilMs).toISOString();
    this.log.info(
      { rule, minutes, until },
      minutes === 0 ? 'alert rule resumed' : 'alert rule suspended',
    );
    this.opts.onChange(rule, changes.length > 0);
    this.scheduleExpiry();
    return 'changed';
  }

  /**
   * Ends suspensions that are over. A timer calls it the moment the next one ends, so the
   * rule's attributes stop saying suspended right then; calling it more often is harmless.
   */
  expire(): void {
    for (const rule of this.opts.rules.expireSuspensions(this.opts.clock.now())) {
      this.opts.store.setSuspendedUntil(rule, null);
      this.log.info({ rule }, 'alert rule suspension ended');
      this.opts.onChange(rule, false);
    }
    this.scheduleExpiry();
  }

  /** No more expiry timer (the daemon is stopping). */
  stop(): void {
    if (this.expiryTimer !== null) this.opts.clock.clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private scheduleExpiry(): void {
    this.stop();
    const nextMs = this.nextEndMs();
    if (nextMs === null) return;
    const { clock } = this.opts;
    const delayMs = Math.min(Math.max(0, nextMs - clock.now()), MAX_TIMER_MS);
    const timer = clock.setTimeout(() => {
      this.expiryTimer = null;
      this.expire();
    }, delayMs);
    // A pending expiry must not keep a stopping process alive.
    this.expiryTimer = clock.unref(timer);
  }

  private nextEndMs(): number | null {
    let next: number | null = null;
    for (const rule of this.opts.rules.names) {
      const untilMs = this.opts.rules.status(rule).suspendedUntilMs;
      if (untilMs !== null && (next === null || untilMs < next)) next = untilMs;
    }
    return next;
  }
}

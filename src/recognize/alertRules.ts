import type { AlertRuleConfig, AlertSeverity } from '../config/types.js';
import { targetKey } from '../core/target.js';
import type { ActionEvent } from './eventTracker.js';
import { compileSchedule, type Schedule } from './schedule.js';

/** A rule's verdict on one event: what the alert message is made of. */
export interface Alert {
  rule: string;
  severity: AlertSeverity;
  event: ActionEvent;
  /** The window end time that fired it. */
  atMs: number;
}

/** A rule's retained ON/OFF state changed: ON while an event it alerted on lasts. */
export interface RuleStateChange {
  rule: string;
  on: boolean;
}

export interface RuleStatus {
  rule: string;
  severity: AlertSeverity;
  on: boolean;
  /** Epoch ms the suspension ends; null when not suspended. */
  suspendedUntilMs: number | null;
  /** Epoch ms it was set (or restored after a restart); null when not suspended. */
  suspendedSinceMs: number | null;
  lastAlertMs: number | null;
}

interface RuleState {
  config: AlertRuleConfig;
  cameras: Set<string> | null;
  /** Region names the rule is scoped to; null: every target of its cameras. */
  regions: Set<string> | null;
  labels: Set<string> | null;
  schedule: Schedule | null;
  /** Events this rule alerted on that have not ended (the rule is ON while any remain). */
  alerting: Set<string>;
  /** camera → time of the rule's last alert there, for the cooldown. */
  lastAlertMs: Map<string, number>;
  suspendedUntilMs: number | null;
  suspendedSinceMs: number | null;
}

/**
 * Alert rules from the configuration, evaluated on each window against the target's open
 * events (a camera's whole frame or one of its regions; `regions` scopes a rule to some).
 * A rule alerts at most once per event, and once per cooldown per target; outside its
 * schedule or while suspended it stays quiet. Pure: every time is given by the caller.
 */
export class AlertRules {
  private readonly rules = new Map<string, RuleState>();

  constructor(configs: readonly AlertRuleConfig[]) {
    for (const config of configs) {
      this.rules.set(config.name, {
        config,
        cameras: config.cameras.length === 0 ? null : new Set(config.cameras),
        regions: config.regions.length === 0 ? null : new Set(config.regions),
        labels: config.labels.length === 0 ? null : new Set(config.labels),
        schedule: config.schedule === null ? null : compileSchedule(config.schedule),
        alerting: new Set(),
        lastAlertMs: new Map(),
        suspendedUntilMs: null,
        suspendedSinceMs: null,
      });
    }
  }

  get names(): string[] {
    return [...this.rules.keys()];
  }

  has(rule: string): boolean {
    return this.rules.has(rule);
  }

  /** The alerts `events` (one camera's open events) raise at `atMs`, and state changes. */
  evaluate(
    events: readonly ActionEvent[],
    atMs: number,
  ): { alerts: Alert[]; changes: RuleStateChange[] } {
    const alerts: Alert[] = [];
    const changes: RuleStateChange[] = [];
    for (const rule of this.rules.values()) {
      for (const event of events) {
        if (!this.fires(rule, event, atMs)) continue;
        rule.lastAlertMs.set(targetKey(event.camera, event.region ?? null), atMs);
        if (rule.alerting.size === 0) changes.push({ rule: rule.config.name, on: true });
        rule.alerting.add(event.id);
        alerts.push({ rule: rule.config.name, severity: rule.config.severity, event, atMs });
      }
    }
    return { alerts, changes };
  }

  /** Events that ended: rules alerting only on them turn OFF. */
  eventsEnded(ended: readonly ActionEvent[]): RuleStateChange[] {
    const changes: RuleStateChange[] = [];
    for (const rule of this.rules.values()) {
      if (rule.alerting.size === 0) continue;
      for (const event of ended) rule.alerting.delete(event.id);
      if (rule.alerting.size === 0) changes.push({ rule: rule.config.name, on: false });
    }
    return changes;
  }

  /** Quiet from `atMs` until `untilMs` (null resumes). A suspended rule is OFF. */
  suspend(rule: string, untilMs: number | null, atMs: number): RuleStateChange[] {
    const state = this.rules.get(rule);
    if (state === undefined) throw new RangeError(`no alert rule named ${JSON.stringify(rule)}`);
    state.suspendedUntilMs = untilMs;
    state.suspendedSinceMs = untilMs === null ? null : atMs;
    if (untilMs === null || state.alerting.size === 0) return [];
    // Its events still run, but it will not alert on them again: nothing keeps it ON.
    state.alerting.clear();
    return [{ rule, on: false }];
  }

  /** Rules whose suspension ended at or before `nowMs`; they are active again. */
  expireSuspensions(nowMs: number): string[] {
    const expired: string[] = [];
    for (const state of this.rules.values()) {
      if (state.suspendedUntilMs !== null && state.suspendedUntilMs <= nowMs) {
        state.suspendedUntilMs = null;
        state.suspendedSinceMs = null;
        expired.push(state.config.name);
      }
    }
    return expired;
  }

  isSuspended(rule: string, atMs: number): boolean {
    const until = this.rules.get(rule)?.suspendedUntilMs ?? null;
    return until !== null && atMs < until;
  }

  status(rule: string): RuleStatus {
    const state = this.rules.get(rule);
    if (state === undefined) throw new RangeError(`no alert rule named ${JSON.stringify(rule)}`);
    const times = [...state.lastAlertMs.values()];
    return {
      rule,
      severity: state.config.severity,
      on: state.alerting.size > 0,
      suspendedUntilMs: state.suspendedUntilMs,
      suspendedSinceMs: state.suspendedSinceMs,
      lastAlertMs: times.length === 0 ? null : Math.max(...times),
    };
  }

  private fires(rule: RuleState, event: ActionEvent, atMs: number): boolean {
    const { config } = rule;
    if (rule.alerting.has(event.id)) return false;
    if (rule.cameras !== null && !rule.cameras.has(event.camera)) return false;
    if (rule.regions !== null && !rule.regions.has(event.region ?? '')) return false;
    if (rule.labels !== null && !rule.labels.has(event.label)) return false;
    if (event.topScore < config.minScore) return false;
    if (event.lastSeenMs - event.startMs < config.minDurationMs) return false;
    if (this.isSuspended(config.name, atMs)) return false;
    if (rule.schedule !== null && !rule.schedule.isActive(atMs)) return false;
    // Cooldown per target: a region's alert does not silence the whole frame's or another's.
    const last = rule.lastAlertMs.get(targetKey(event.camera, event.region ?? null));
    return last === undefined || atMs - last >= config.cooldownMs;
  }
}

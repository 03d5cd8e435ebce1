import type { ClipCapture, ResultBus, SnapshotCapture, SnapshotFile } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { Alert, AlertRules, RuleStateChange } from '../recognize/index.js';

export interface AlertDispatcherOptions {
  rules: AlertRules;
  bus: ResultBus;
  /** null when snapshots are off. */
  snapshots: SnapshotCapture | null;
  /** Where the event's clip will be; null when no camera records. */
  clips?: ClipCapture | null;
  /** A random-weight model's alerts test the plumbing; the log line says so. */
  randomWeights: boolean;
  logger: Logger;
}

/**
 * Announces alerts and the rules' states on the result bus. An alert waits for its snapshot
 * (annotating and saving take tens of ms) so it can name the file; alerts go out one after
 * the other, in the order they fired.
 */
export class AlertDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: AlertDispatcherOptions) {
    this.log = opts.logger.child({ module: 'alerts' });
  }

  /** Every rule's state (OFF: nothing alerts at start) with its attributes. */
  announceAllStates(): void {
    for (const rule of this.opts.rules.names) {
      this.announceState(rule);
      this.announceAttributes(rule);
    }
  }

  dispatch(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      this.chain = this.chain.then(() => this.send(alert));
    }
  }

  applyStateChanges(changes: readonly RuleStateChange[]): void {
    for (const change of changes) this.announceState(change.rule);
  }

  announceAttributes(rule: string): void {
    this.opts.bus.emit('ruleAttributes', { rule, status: this.opts.rules.status(rule) });
  }

  /** Resolves once every alert dispatched so far is announced. */
  flush(): Promise<void> {
    return this.chain;
  }

  private announceState(rule: string): void {
    this.opts.bus.emit('ruleState', { rule, on: this.opts.rules.status(rule).on });
  }

  private async send(alert: Alert): Promise<void> {
    let snapshot: SnapshotFile | null = null;
    try {
      snapshot = (await this.opts.snapshots?.capture(alert)) ?? null;
    } catch (err) {
      // Without its picture the alert still matters.
      this.log.error({ err, rule: alert.rule }, 'alert snapshot failed');
    }
    const clip = this.opts.clips?.planned(alert.event) ?? null;
    this.opts.bus.emit('alert', { alert, snapshot, ...(clip === null ? {} : { clip }) });
    this.announceAttributes(alert.rule);
    this.log.info(
      {
        rule: alert.rule,
        camera: alert.event.camera,
        label: alert.event.label,
        score: alert.event.score,
        snapshot: snapshot?.path ?? null,
        randomWeights: this.opts.randomWeights,
      },
      'alert',
    );
  }
}

import type { Logger } from '../log/index.js';
import {
  buildAlertPayload,
  buildRuleAttributes,
  type PayloadModel,
  type RetainedStates,
  type SnapshotReference,
  type Topics,
} from '../outputs/mqtt/index.js';
import type { AlertSnapshots } from '../outputs/snapshots/index.js';
import type { Alert, AlertRules, RuleStateChange } from '../recognize/index.js';

export interface EventSink {
  publishEvent(topic: string, payload: object): void;
}

export interface AlertDispatcherOptions {
  rules: AlertRules;
  events: EventSink;
  retained: RetainedStates;
  topics: Topics;
  model: PayloadModel;
  /** null when snapshots are off. */
  snapshots: AlertSnapshots | null;
  logger: Logger;
}

/**
 * Sends alerts and the rules' retained states. An alert waits for its snapshot (annotating
 * and saving take tens of ms) so its payload can name the file; alerts go out one after the
 * other, in the order they fired.
 */
export class AlertDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: AlertDispatcherOptions) {
    this.log = opts.logger.child({ module: 'alerts' });
  }

  /** Every rule OFF (nothing alerts at start) with its attributes. */
  publishAllStates(): void {
    for (const rule of this.opts.rules.names) {
      this.publishState(rule);
      this.publishAttributes(rule);
    }
  }

  dispatch(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      this.chain = this.chain.then(() => this.send(alert));
    }
  }

  applyStateChanges(changes: readonly RuleStateChange[]): void {
    for (const change of changes) this.publishState(change.rule);
  }

  publishAttributes(rule: string): void {
    const attributes = buildRuleAttributes(this.opts.rules.status(rule));
    this.opts.retained.set(this.opts.topics.ruleAttributes(rule), JSON.stringify(attributes));
  }

  /** Resolves once every alert dispatched so far is handed to the publisher. */
  flush(): Promise<void> {
    return this.chain;
  }

  private publishState(rule: string): void {
    const on = this.opts.rules.status(rule).on;
    this.opts.retained.set(this.opts.topics.ruleState(rule), on ? 'ON' : 'OFF');
  }

  private async send(alert: Alert): Promise<void> {
    const { topics, model } = this.opts;
    let snapshot: SnapshotReference | null = null;
    try {
      snapshot = await this.snapshotOf(alert);
    } catch (err) {
      // Without its picture the alert still matters.
      this.log.error({ err, rule: alert.rule }, 'alert snapshot failed');
    }
    this.opts.events.publishEvent(topics.alerts, buildAlertPayload(alert, model, snapshot));
    this.publishAttributes(alert.rule);
    this.log.info(
      {
        rule: alert.rule,
        camera: alert.event.camera,
        label: alert.event.label,
        score: alert.event.score,
        snapshot: snapshot?.path ?? null,
        randomWeights: model.randomWeights,
      },
      'alert',
    );
  }

  private async snapshotOf(alert: Alert): Promise<SnapshotReference | null> {
    const saved = await this.opts.snapshots?.capture(alert, this.opts.model.randomWeights);
    if (!saved) return null;
    const topic = this.opts.topics.snapshot(alert.event.camera);
    // qos 0 retained: the latest alert's picture, as the MQTT API table says.
    this.opts.retained.set(topic, saved.jpeg, 0);
    return { topic, path: saved.path, timeMs: saved.timeMs };
  }
}

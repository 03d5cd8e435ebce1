import type { Clock, ResultBus } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { AlertRules, RuleStatus } from '../recognize/index.js';
import { ControlsStore } from './controlsStore.js';
import { DetectSwitches, type SwitchOutcome } from './detectSwitches.js';
import { RuleSuspensions } from './ruleSuspensions.js';

export interface ControlsServiceOptions {
  cameras: readonly string[];
  /** The alert rules a suspension silences. */
  rules: AlertRules;
  /** The state folder: the switches are kept in its controls.json. */
  stateDir: string;
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
}

/**
 * What an operator switches at run time — detection per camera, suspension per alert rule —
 * for every way in alike (MQTT commands today, HTTP and the console later). Kept across
 * restarts; every change is announced on the result bus (`detect`, `ruleState`,
 * `ruleAttributes`), where the outputs and the recognition pick it up.
 */
export class ControlsService {
  private store: ControlsStore | null = null;
  private detect: DetectSwitches | null = null;
  private suspensions: RuleSuspensions | null = null;

  constructor(private readonly opts: ControlsServiceOptions) {}

  /** Reads the persisted switches, re-applies them and announces every camera's state. */
  start(): void {
    const { cameras, rules, stateDir, bus, clock, logger } = this.opts;
    const store = ControlsStore.open(ControlsStore.fileIn(stateDir), logger, { clock });
    this.store = store;
    this.suspensions = new RuleSuspensions({
      rules,
      store,
      clock,
      logger,
      onChange: (rule, stateChanged) => this.suspensionChanged(rule, stateChanged),
    });
    this.detect = new DetectSwitches({ cameras, store, bus, clock, logger });
    this.suspensions.restore();
    this.detect.start();
  }

  /** No more expiry timer; the last switch or suspension is saved for the restart. */
  stop(): void {
    this.suspensions?.stop();
    this.store?.flush();
  }

  /** True before start() too: nothing is switched off until the store says so. */
  isDetecting(camera: string): boolean {
    return this.detect?.isOn(camera) ?? true;
  }

  setDetect(camera: string, on: boolean): SwitchOutcome {
    return this.started().detect.set(camera, on);
  }

  /** A detect command's text (`ON` / `OFF`). */
  detectCommand(camera: string, text: string): SwitchOutcome {
    return this.started().detect.command(camera, text);
  }

  /** A suspend command's text: minutes (0 resumes). */
  suspendCommand(rule: string, text: string): 'changed' | 'refused' {
    return this.started().suspensions.command(rule, text);
  }

  /** Every alert rule's state and suspension, as the console lists them. */
  ruleStatuses(): RuleStatus[] {
    const { rules } = this.opts;
    return rules.names.map((rule) => rules.status(rule));
  }

  private started(): { detect: DetectSwitches; suspensions: RuleSuspensions } {
    if (this.detect === null || this.suspensions === null) {
      throw new Error('ControlsService used before start()');
    }
    return { detect: this.detect, suspensions: this.suspensions };
  }

  private suspensionChanged(rule: string, stateChanged: boolean): void {
    const { bus, rules } = this.opts;
    if (stateChanged) bus.emit('ruleState', { rule, on: rules.status(rule).on });
    bus.emit('ruleAttributes', { rule, status: rules.status(rule) });
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlsStore, DetectSwitches, RuleSuspensions } from '../../../src/controls/index.js';
import { systemClock } from '../../../src/core/index.js';
import { silentLogger } from '../../../src/log/index.js';
import {
  type MessageHandler,
  subscribeControlCommands,
  Topics,
} from '../../../src/outputs/mqtt/index.js';
import { AlertRules } from '../../../src/recognize/index.js';
import { NIGHT_RULE, recordingBridge, T0, tempStateDir } from '../../controls/support.js';
import { ManualClock } from '../../helpers/manualClock.js';

const MINUTE_MS = 60_000;

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

function setup(clock: ManualClock) {
  const rules = new AlertRules([NIGHT_RULE]);
  const store = ControlsStore.open(ControlsStore.fileIn(state.dir), silentLogger());
  const suspensions = new RuleSuspensions({
    rules,
    store,
    clock,
    logger: silentLogger(),
    onChange: () => {},
  });
  suspensions.restore();
  return { rules, suspensions };
}

describe('subscribeControlCommands', () => {
  it('routes detect/set and suspend topics, and ignores retained commands', () => {
    const clock = new ManualClock(T0);
    const { rules, suspensions } = setup(clock);
    const topics = new Topics('aw');
    const { bus } = recordingBridge();
    const detect = new DetectSwitches({
      cameras: ['cam1'],
      store: ControlsStore.open(ControlsStore.fileIn(state.dir), silentLogger()),
      bus,
      clock: systemClock,
      logger: silentLogger(),
    });
    const handlers = new Map<string, MessageHandler>();
    subscribeControlCommands({
      subscriber: { subscribe: (filter, handler) => handlers.set(filter, handler) },
      topics,
      controls: {
        detectCommand: (camera, payload) => detect.command(camera, payload),
        suspendCommand: (rule, payload) => suspensions.command(rule, payload),
      },
      logger: silentLogger(),
    });
    const send = (filter: string, topic: string, payload: string, retain = false) =>
      handlers.get(filter)?.(topic, Buffer.from(payload), retain);
    send('aw/+/detect/set', 'aw/cam1/detect/set', 'OFF', true);
    expect(detect.isOn('cam1')).toBe(true);
    send('aw/+/detect/set', 'aw/cam1/detect/set', 'OFF');
    expect(detect.isOn('cam1')).toBe(false);
    send('aw/alerts/+/suspend', 'aw/alerts/night/suspend', '5');
    expect(rules.isSuspended('night', T0 + MINUTE_MS)).toBe(true);
  });
});

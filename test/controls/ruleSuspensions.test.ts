import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ControlsStore,
  MAX_SUSPEND_MINUTES,
  parseSuspendMinutes,
  RuleSuspensions,
} from '../../src/controls/index.js';
import { silentLogger } from '../../src/log/index.js';
import { AlertRules } from '../../src/recognize/index.js';
import { ManualClock } from '../helpers/manualClock.js';
import { NIGHT_RULE, T0, tempStateDir } from './support.js';

const MINUTE_MS = 60_000;

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

/** Stores of earlier setups: a later setup is a restart after a clean stop, which saves them. */
const stores: ControlsStore[] = [];

function setup(clock: ManualClock) {
  for (const earlier of stores.splice(0)) earlier.flush();
  const rules = new AlertRules([NIGHT_RULE]);
  const changes: string[] = [];
  const store = ControlsStore.open(ControlsStore.fileIn(state.dir), silentLogger());
  stores.push(store);
  const suspensions = new RuleSuspensions({
    rules,
    store,
    clock,
    logger: silentLogger(),
    onChange: (rule) =>
      changes.push(`${rule} ${rules.isSuspended(rule, clock.nowMs) ? 'suspended' : 'active'}`),
  });
  suspensions.restore();
  return { rules, suspensions, changes };
}

describe('parseSuspendMinutes', () => {
  it.each([
    ['30', 30],
    [' 0 ', 0],
    ['0.5', 0.5],
    [String(MAX_SUSPEND_MINUTES), MAX_SUSPEND_MINUTES],
    [String(MAX_SUSPEND_MINUTES + 1), undefined],
    ['-5', undefined],
    ['1e3', undefined],
    ['soon', undefined],
  ])('%j → %s', (payload, minutes) => {
    expect(parseSuspendMinutes(payload)).toBe(minutes);
  });
});

describe('RuleSuspensions', () => {
  it('suspends for N minutes, and the suspension expires on the injected clock', () => {
    const clock = new ManualClock(T0);
    const { rules, suspensions, changes } = setup(clock);
    expect(suspensions.command('night', '30')).toBe('changed');
    expect(rules.isSuspended('night', T0 + 29 * MINUTE_MS)).toBe(true);
    clock.nowMs = T0 + 30 * MINUTE_MS - 1;
    suspensions.expire();
    expect(changes).toEqual(['night suspended']);
    clock.nowMs = T0 + 30 * MINUTE_MS;
    suspensions.expire();
    expect(changes).toEqual(['night suspended', 'night active']);
    expect(rules.status('night').suspendedUntilMs).toBeNull();
  });

  it('ends a suspension at the moment it expires, without waiting for a periodic check', () => {
    const clock = new ManualClock(T0);
    const { rules, suspensions, changes } = setup(clock);
    suspensions.command('night', '30');
    clock.set(T0 + 30 * MINUTE_MS - 1);
    expect(changes).toEqual(['night suspended']);
    clock.set(T0 + 30 * MINUTE_MS);
    expect(changes).toEqual(['night suspended', 'night active']);
    expect(rules.status('night').suspendedUntilMs).toBeNull();
  });

  it('ends a suspension restored after a restart at its moment too', () => {
    const clock = new ManualClock(T0);
    setup(clock).suspensions.command('night', '10');
    // The restarted daemon's clock: the first one's timers went with it.
    const restarted = new ManualClock(T0 + 5 * MINUTE_MS);
    const { changes } = setup(restarted);
    restarted.set(T0 + 10 * MINUTE_MS);
    expect(changes).toEqual(['night active']);
  });

  it('0 resumes at once', () => {
    const clock = new ManualClock(T0);
    const { rules, suspensions } = setup(clock);
    suspensions.command('night', '60');
    suspensions.command('night', '0');
    expect(rules.isSuspended('night', T0)).toBe(false);
  });

  it('survives a restart, unless it ended while the daemon was down', () => {
    const clock = new ManualClock(T0);
    setup(clock).suspensions.command('night', '10');
    clock.nowMs = T0 + 5 * MINUTE_MS;
    expect(setup(clock).rules.isSuspended('night', clock.nowMs)).toBe(true);
    clock.nowMs = T0 + 11 * MINUTE_MS;
    expect(setup(clock).rules.status('night').suspendedUntilMs).toBeNull();
    clock.nowMs = T0;
    expect(setup(clock).rules.status('night').suspendedUntilMs).toBeNull();
  });

  it('dates the suspension from the command, or from the restart that restored it', () => {
    const clock = new ManualClock(T0);
    const { rules, suspensions } = setup(clock);
    suspensions.command('night', '30');
    expect(rules.status('night')).toMatchObject({
      suspendedSinceMs: T0,
      suspendedUntilMs: T0 + 30 * MINUTE_MS,
    });
    clock.nowMs = T0 + 10 * MINUTE_MS;
    expect(setup(clock).rules.status('night')).toMatchObject({
      suspendedSinceMs: T0 + 10 * MINUTE_MS,
      suspendedUntilMs: T0 + 30 * MINUTE_MS,
    });
    suspensions.command('night', '0');
    expect(rules.status('night').suspendedSinceMs).toBeNull();
  });

  it('refuses unknown rules and bad payloads', () => {
    const { suspensions, changes } = setup(new ManualClock(T0));
    expect(suspensions.command('day', '10')).toBe('refused');
    expect(suspensions.command('night', 'forever')).toBe('refused');
    expect(changes).toEqual([]);
  });
});

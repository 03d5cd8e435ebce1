import { describe, expect, it } from 'vitest';
import type { AlertRuleConfig } from '../../src/config/index.js';
import { type ActionEvent, AlertRules } from '../../src/recognize/index.js';

const T0 = Date.parse('2025-01-08T12:00:00Z');
const MINUTE_MS = 60_000;

const RULE: AlertRuleConfig = {
  name: 'welding',
  cameras: [],
  regions: [],
  labels: ['welding'],
  minScore: 0.6,
  minDurationMs: 0,
  cooldownMs: 10 * MINUTE_MS,
  severity: 'warning',
  schedule: null,
};

function event(overrides: Partial<ActionEvent> = {}): ActionEvent {
  const startMs = overrides.startMs ?? T0;
  return {
    id: `bay3-${startMs}-welding`,
    camera: 'bay3',
    label: 'welding',
    head: null,
    score: 0.8,
    topScore: 0.8,
    startMs,
    lastSeenMs: startMs,
    endMs: null,
    window: { startMs: startMs - 2000, endMs: startMs },
    ...overrides,
  };
}

describe('AlertRules.evaluate', () => {
  it.each([
    { name: 'matching event alerts', rule: {}, ev: {}, fires: true },
    { name: 'another label does not', rule: {}, ev: { label: 'yoga' }, fires: false },
    {
      name: 'any label when labels is empty',
      rule: { labels: [] },
      ev: { label: 'yoga' },
      fires: true,
    },
    { name: 'another camera does not', rule: { cameras: ['bay4'] }, ev: {}, fires: false },
    { name: 'a listed camera does', rule: { cameras: ['bay4', 'bay3'] }, ev: {}, fires: true },
    { name: 'below min_score does not', rule: { minScore: 0.9 }, ev: {}, fires: false },
    {
      name: 'shorter than min_duration does not',
      rule: { minDurationMs: 5000 },
      ev: { lastSeenMs: T0 + 4999 },
      fires: false,
    },
    {
      name: 'as long as min_duration does',
      rule: { minDurationMs: 5000 },
      ev: { lastSeenMs: T0 + 5000 },
      fires: true,
    },
    {
      name: 'outside the schedule does not',
      rule: {
        schedule: { timezone: 'UTC', windows: [{ days: [], start: '22:00', end: '06:00' }] },
      },
      ev: {},
      fires: false,
    },
    {
      name: 'inside the schedule does',
      rule: {
        schedule: { timezone: 'UTC', windows: [{ days: [], start: '11:00', end: '13:00' }] },
      },
      ev: {},
      fires: true,
    },
  ] as const)('$name', ({ rule, ev, fires }) => {
    const rules = new AlertRules([{ ...RULE, ...rule } as AlertRuleConfig]);
    const { alerts } = rules.evaluate([event(ev as Partial<ActionEvent>)], T0 + 5000);
    expect(alerts.length).toBe(fires ? 1 : 0);
  });

  it('alerts once per event and turns the rule ON until the event ends', () => {
    const rules = new AlertRules([RULE]);
    const first = rules.evaluate([event()], T0);
    expect(first.alerts.map((a) => [a.rule, a.severity, a.event.id])).toEqual([
      ['welding', 'warning', `bay3-${T0}-welding`],
    ]);
    expect(first.changes).toEqual([{ rule: 'welding', on: true }]);
    expect(rules.evaluate([event({ lastSeenMs: T0 + 1000 })], T0 + 1000)).toEqual({
      alerts: [],
      changes: [],
    });
    expect(rules.eventsEnded([event({ endMs: T0 + 1000 })])).toEqual([
      { rule: 'welding', on: false },
    ]);
    expect(rules.status('welding')).toMatchObject({ on: false, lastAlertMs: T0 });
  });

  it.each([
    {
      name: 'a repeat within the cooldown is suppressed',
      secondAtMs: T0 + 10 * MINUTE_MS - 1,
      fires: false,
    },
    { name: 'a repeat after the cooldown alerts', secondAtMs: T0 + 10 * MINUTE_MS, fires: true },
  ])('$name', ({ secondAtMs, fires }) => {
    const rules = new AlertRules([RULE]);
    rules.evaluate([event()], T0);
    rules.eventsEnded([event({ endMs: T0 })]);
    const second = event({ startMs: secondAtMs, lastSeenMs: secondAtMs });
    expect(rules.evaluate([second], secondAtMs).alerts.length).toBe(fires ? 1 : 0);
  });

  it('keeps cooldowns per camera', () => {
    const rules = new AlertRules([RULE]);
    rules.evaluate([event()], T0);
    const other = event({ camera: 'bay4', startMs: T0 + 1000 });
    expect(rules.evaluate([{ ...other, id: 'bay4-x' }], T0 + 1000).alerts).toHaveLength(1);
  });
});

describe('AlertRules suspension', () => {
  it.each([
    { name: 'suspended rule stays quiet', atMs: T0 + 30 * MINUTE_MS - 1, fires: false },
    { name: 'suspension expires at its end', atMs: T0 + 30 * MINUTE_MS, fires: true },
  ])('$name', ({ atMs, fires }) => {
    const rules = new AlertRules([RULE]);
    rules.suspend('welding', T0 + 30 * MINUTE_MS, T0);
    const ev = event({ startMs: atMs, lastSeenMs: atMs });
    expect(rules.evaluate([ev], atMs).alerts.length).toBe(fires ? 1 : 0);
  });

  it('expireSuspensions() reports the rules that are active again', () => {
    const rules = new AlertRules([RULE, { ...RULE, name: 'other' }]);
    rules.suspend('welding', T0 + MINUTE_MS, T0);
    rules.suspend('other', T0 + 2 * MINUTE_MS, T0);
    expect(rules.expireSuspensions(T0 + MINUTE_MS - 1)).toEqual([]);
    expect(rules.expireSuspensions(T0 + MINUTE_MS)).toEqual(['welding']);
    expect(rules.status('welding').suspendedUntilMs).toBeNull();
    expect(rules.isSuspended('other', T0 + MINUTE_MS)).toBe(true);
  });

  it('suspending an ON rule turns it OFF; resuming clears the suspension', () => {
    const rules = new AlertRules([RULE]);
    rules.evaluate([event()], T0);
    expect(rules.suspend('welding', T0 + MINUTE_MS, T0)).toEqual([{ rule: 'welding', on: false }]);
    expect(rules.suspend('welding', null, T0)).toEqual([]);
    expect(rules.isSuspended('welding', T0)).toBe(false);
  });

  it('status() tells since when a rule is suspended, until the suspension ends', () => {
    const rules = new AlertRules([RULE]);
    rules.suspend('welding', T0 + MINUTE_MS, T0);
    expect(rules.status('welding')).toMatchObject({
      suspendedSinceMs: T0,
      suspendedUntilMs: T0 + MINUTE_MS,
    });
    rules.expireSuspensions(T0 + MINUTE_MS);
    expect(rules.status('welding')).toMatchObject({
      suspendedSinceMs: null,
      suspendedUntilMs: null,
    });
    rules.suspend('welding', T0 + 3 * MINUTE_MS, T0 + MINUTE_MS);
    rules.suspend('welding', null, T0 + 2 * MINUTE_MS);
    expect(rules.status('welding').suspendedSinceMs).toBeNull();
  });

  it('names an unknown rule', () => {
    expect(() => new AlertRules([RULE]).suspend('nope', null, T0)).toThrow(
      'no alert rule named "nope"',
    );
  });
});

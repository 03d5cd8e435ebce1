import { describe, expect, it } from 'vitest';
import { buildRuleAttributes } from '../../../src/outputs/mqtt/index.js';

const T0 = Date.UTC(2026, 0, 1, 22);
const MINUTE_MS = 60_000;

describe('buildRuleAttributes', () => {
  it('gives the suspension as set, in minutes, beside its end', () => {
    const attributes = buildRuleAttributes({
      severity: 'warning',
      suspendedUntilMs: T0 + 90 * MINUTE_MS,
      suspendedSinceMs: T0,
      lastAlertMs: T0 - MINUTE_MS,
    });
    expect(attributes).toEqual({
      severity: 'warning',
      suspended: true,
      suspended_until: '2026-01-01T23:30:00.000Z',
      suspended_minutes: 90,
      last_alert: '2026-01-01T21:59:00.000Z',
    });
  });

  it('rounds what is left of a suspension restored after a restart', () => {
    const attributes = buildRuleAttributes({
      severity: 'info',
      suspendedUntilMs: T0 + 90_500,
      suspendedSinceMs: T0,
      lastAlertMs: null,
    });
    expect(attributes.suspended_minutes).toBe(1.51);
  });

  it('says 0 minutes when the rule is not suspended', () => {
    const attributes = buildRuleAttributes({
      severity: 'critical',
      suspendedUntilMs: null,
      suspendedSinceMs: null,
      lastAlertMs: null,
    });
    expect(attributes).toMatchObject({
      suspended: false,
      suspended_until: null,
      suspended_minutes: 0,
    });
  });
});

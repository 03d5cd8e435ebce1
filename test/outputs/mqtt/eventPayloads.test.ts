import { describe, expect, it } from 'vitest';
import {
  buildAlertPayload,
  buildEventPayload,
  buildRuleAttributes,
} from '../../../src/outputs/mqtt/index.js';
import type { ActionEvent } from '../../../src/recognize/index.js';

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

describe('labels_from in events and alerts', () => {
  const model = { name: 'mvit_v1_b', randomWeights: false };
  const event = (head: string | null): ActionEvent => ({
    id: 'dock-1-fall',
    camera: 'dock',
    label: 'fall',
    head,
    score: 0.8,
    topScore: 0.9,
    startMs: T0,
    lastSeenMs: T0,
    endMs: null,
    window: { startMs: T0 - 2000, endMs: T0 },
  });

  it("names the head for a head's label and the model for its own", () => {
    expect(buildEventPayload('new', event('lifts'), model).labels_from).toBe('lifts');
    expect(buildEventPayload('new', event(null), model).labels_from).toBe('mvit_v1_b');
    const alert = { rule: 'r', severity: 'warning' as const, event: event('lifts'), atMs: T0 };
    expect(buildAlertPayload(alert, model, null).labels_from).toBe('lifts');
  });
});

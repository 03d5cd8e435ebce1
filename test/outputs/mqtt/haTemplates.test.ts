import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildActionPayload,
  buildDetectOffPayload,
  buildDiscovery,
  buildMotionIdlePayload,
  buildRuleAttributes,
  Topics,
} from '../../../src/outputs/mqtt/index.js';
import { jinjaPython, renderTemplates } from './jinja.js';

const messages = buildDiscovery({
  topics: new Topics('aw'),
  discoveryPrefix: 'homeassistant',
  cameras: ['gym'],
  rules: [{ name: 'night', severity: 'warning' }],
  maxSuspendMinutes: 43_200,
  snapshots: false,
  version: '0.1.0',
  modelName: 'mvit_v1_b',
});
const config = (topic: string) => messages.find((m) => m.topic === topic)?.config ?? {};
const actionSensor = config('homeassistant/sensor/aw/gym_action/config');
const suspendNumber = config('homeassistant/number/aw/rule_night_suspend/config');

const recognized = JSON.stringify(
  buildActionPayload({
    camera: 'gym',
    recognition: { label: 'deadlifting', score: 0.8, topK: [{ label: 'deadlifting', score: 0.8 }] },
    labelsFrom: 'mvit_v1_b',
    firstFrameMs: Date.UTC(2026, 0, 1, 12),
    lastFrameMs: Date.UTC(2026, 0, 1, 12, 0, 2),
    frames: 16,
    fps: 8,
    model: { name: 'mvit_v1_b', weights: 'KINETICS400_V1', randomWeights: false },
    inferenceMs: 900,
    nowMs: Date.UTC(2026, 0, 1, 12, 0, 3),
  }),
);
const detectOff = JSON.stringify(buildDetectOffPayload('gym', Date.UTC(2026, 0, 1, 12, 5)));
const motionIdle = JSON.stringify(buildMotionIdlePayload('gym', Date.UTC(2026, 0, 1, 12, 6)));

const T0 = Date.UTC(2026, 0, 1, 22);
const ruleAttributes = (untilMs: number | null) =>
  JSON.stringify(
    buildRuleAttributes({
      severity: 'warning',
      suspendedUntilMs: untilMs,
      suspendedSinceMs: untilMs === null ? null : T0,
      lastAlertMs: null,
    }),
  );

/** Every template with every payload, rendered in one python run (each start costs seconds). */
function renderAll(cases: Record<string, [template: unknown, payload: string]>) {
  const entries = Object.entries(cases);
  const rendered = renderTemplates(
    entries.map(([, [t, payload]]) => ({ template: String(t), payload })),
  );
  return Object.fromEntries(
    entries.map(([name], i) => {
      const result = rendered[i];
      if (result === undefined || 'error' in result)
        throw new Error(`${name}: ${JSON.stringify(result)}`);
      return [name, result.text];
    }),
  );
}

// Skipped only outside CI: `scripts/setup.sh --test` installs python3-jinja2 for CI.
describe.skipIf(jinjaPython === null && !process.env.CI)(
  'Home Assistant templates, rendered by Jinja2',
  () => {
    let text: Record<string, string> = {};
    beforeAll(() => {
      const { value_template: value, json_attributes_template: attributes } = actionSensor;
      text = renderAll({
        value: [value, recognized],
        valueOff: [value, detectOff],
        attributes: [attributes, recognized],
        attributesOff: [attributes, detectOff],
        valueIdle: [value, motionIdle],
        attributesIdle: [attributes, motionIdle],
        suspended: [suspendNumber.value_template, ruleAttributes(T0 + 90 * 60_000)],
        notSuspended: [suspendNumber.value_template, ruleAttributes(null)],
      });
    });

    it('the action sensor shows the label, or off while detection is off', () => {
      expect(text.value).toBe('deadlifting');
      expect(text.valueOff).toBe('off');
    });

    it('its attributes hold the recognition, or only that detection is off', () => {
      expect(JSON.parse(text.attributes ?? '')).toEqual({
        detect: 'ON',
        score: 0.8,
        top_k: [{ label: 'deadlifting', score: 0.8 }],
        window_end: '2026-01-01T12:00:02.125Z',
        random_weights: false,
      });
      expect(JSON.parse(text.attributesOff ?? '')).toEqual({ detect: 'OFF' });
    });

    it('the action sensor shows idle while nothing moves, with only that as attributes', () => {
      expect(text.valueIdle).toBe('idle');
      expect(JSON.parse(text.attributesIdle ?? '')).toEqual({ detect: 'ON', motion: 'idle' });
    });

    it('the suspend number reads the minutes as set from the rule attributes, 0 when not suspended', () => {
      expect(text.suspended).toBe('90');
      expect(text.notSuspended).toBe('0');
    });
  },
);

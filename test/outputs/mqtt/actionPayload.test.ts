import { describe, expect, it } from 'vitest';
import {
  buildActionPayload,
  buildDetectOffPayload,
} from '../../../src/outputs/mqtt/actionPayload.js';

const base = {
  camera: 'gym',
  recognition: {
    label: 'deadlifting',
    score: 0.81234567,
    topK: [
      { label: 'deadlifting', score: 0.81234567 },
      { label: 'squat', score: 0.1 },
    ],
  },
  labelsFrom: 'mvit_v1_b',
  firstFrameMs: Date.UTC(2026, 0, 1, 12, 0, 0),
  lastFrameMs: Date.UTC(2026, 0, 1, 12, 0, 2),
  frames: 16,
  fps: 7.5,
  inferenceMs: 950.4,
  nowMs: Date.UTC(2026, 0, 1, 12, 0, 3, 500),
};

describe('buildActionPayload', () => {
  it('describes the window as 16 frame periods at the model fps', () => {
    const payload = buildActionPayload({
      ...base,
      model: { name: 'mvit_v1_b', weights: 'KINETICS400_V1', randomWeights: false },
    });
    expect(payload).toEqual({
      camera: 'gym',
      region: null,
      label: 'deadlifting',
      score: 0.8123,
      top_k: [
        { label: 'deadlifting', score: 0.8123 },
        { label: 'squat', score: 0.1 },
      ],
      labels_from: 'mvit_v1_b',
      window: {
        start: '2026-01-01T12:00:00.000Z',
        end: '2026-01-01T12:00:02.133Z',
        duration_ms: 2133,
        frames: 16,
        fps: 7.5,
      },
      model: { name: 'mvit_v1_b', weights: 'KINETICS400_V1' },
      random_weights: false,
      inference_ms: 950,
      time: '2026-01-01T12:00:03.500Z',
    });
  });

  it('marks output of a random-weight model as not a recognition', () => {
    const payload = buildActionPayload({
      ...base,
      model: { name: 'mvit_v1_b', weights: 'random', randomWeights: true },
    });
    expect(payload.random_weights).toBe(true);
    expect(payload.note).toMatch(/random weights: labels are not recognitions/);
  });

  it("shows a head's labels first and the model's own beside them", () => {
    const payload = buildActionPayload({
      ...base,
      recognition: {
        label: 'bad_lift',
        score: 0.7,
        topK: [
          { label: 'bad_lift', score: 0.7 },
          { label: 'background', score: 0.2 },
        ],
      },
      labelsFrom: 'lifts',
      alongside: { labelsFrom: 'mvit_v1_b', recognition: base.recognition },
      model: { name: 'mvit_v1_b', weights: 'KINETICS400_V1', randomWeights: false },
    });
    expect(payload).toMatchObject({
      label: 'bad_lift',
      score: 0.7,
      labels_from: 'lifts',
      model_labels: {
        label: 'deadlifting',
        score: 0.8123,
        top_k: [
          { label: 'deadlifting', score: 0.8123 },
          { label: 'squat', score: 0.1 },
        ],
        labels_from: 'mvit_v1_b',
      },
    });
  });

  it('has no model_labels when the labels are the model’s own', () => {
    const payload = buildActionPayload({
      ...base,
      model: { name: 'mvit_v1_b', weights: 'KINETICS400_V1', randomWeights: false },
    });
    expect(payload).not.toHaveProperty('model_labels');
  });
});

describe('buildDetectOffPayload', () => {
  it('says detection is off, with no recognition in the fields consumers read', () => {
    expect(buildDetectOffPayload('gym', base.nowMs)).toEqual({
      camera: 'gym',
      region: null,
      label: null,
      score: null,
      top_k: [],
      detect: 'OFF',
      time: '2026-01-01T12:00:03.500Z',
    });
  });
});

import type { WindowEvent } from '../../core/index.js';
import type { Recognition } from '../../recognize/index.js';
import type { PayloadModel } from './eventPayloads.js';

/** The model as an action payload names it, with its windows' frames and their rate. */
export interface ActionModel extends PayloadModel {
  weights: string;
  frames: number;
  fps: number;
}

export interface ActionPayloadInput {
  camera: string;
  /** The region the window shows; null for the whole frame. */
  region?: string | null;
  recognition: Recognition;
  /** Where the labels come from: the camera's head, or the model (its name). */
  labelsFrom: string;
  /** The model's own labels beside a head's, when the camera keeps them. */
  alongside?: { labelsFrom: string; recognition: Recognition };
  /** Time of the window's first and last frame (epoch ms). */
  firstFrameMs: number;
  lastFrameMs: number;
  frames: number;
  fps: number;
  model: { name: string; weights: string; randomWeights: boolean };
  inferenceMs: number;
  nowMs: number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function scoredLabels(recognition: Recognition) {
  return {
    label: recognition.label,
    score: round(recognition.score, 4),
    top_k: recognition.topK.map((s) => ({ label: s.label, score: round(s.score, 4) })),
  };
}

/**
 * The retained `<p>/<camera>/action` message. The window ends one frame period after its last
 * frame, so 16 frames at 7.5 fps span 2.13 s. A random-weight model's top label is no
 * recognition, and the payload says so where every consumer sees it. A camera with a taught
 * head shows the head's labels (`labels_from` its name), and the model's under `model_labels`
 * when it keeps them: one retained message per camera, so its sensor never flips between two.
 */
export function buildActionPayload(input: ActionPayloadInput): Record<string, unknown> {
  const endMs = input.lastFrameMs + 1000 / input.fps;
  return {
    camera: input.camera,
    region: input.region ?? null,
    ...scoredLabels(input.recognition),
    labels_from: input.labelsFrom,
    ...(input.alongside
      ? {
          model_labels: {
            ...scoredLabels(input.alongside.recognition),
            labels_from: input.alongside.labelsFrom,
          },
        }
      : {}),
    window: {
      start: new Date(input.firstFrameMs).toISOString(),
      end: new Date(endMs).toISOString(),
      duration_ms: Math.round(endMs - input.firstFrameMs),
      frames: input.frames,
      fps: input.fps,
    },
    model: { name: input.model.name, weights: input.model.weights },
    random_weights: input.model.randomWeights,
    ...(input.model.randomWeights
      ? { note: 'model has random weights: labels are not recognitions' }
      : {}),
    inference_ms: Math.round(input.inferenceMs),
    time: new Date(input.nowMs).toISOString(),
  };
}

/**
 * The retained `<p>/<camera>/action` message while the camera's motion gate finds nothing
 * moving: no window runs, so the last recognized action is not what the camera shows now.
 * Same shape as the detect-off message; the next window that runs replaces it.
 */
export function buildMotionIdlePayload(camera: string, nowMs: number): Record<string, unknown> {
  return {
    camera,
    region: null,
    label: null,
    score: null,
    top_k: [],
    motion: 'idle',
    time: new Date(nowMs).toISOString(),
  };
}

/**
 * The retained `<p>/<camera>/action` message while the camera's detection is switched off, so
 * the last recognized action is not taken for what the camera shows now. Same topic and
 * shape, without a recognition; the first window after detection is back ON replaces it.
 */
export function buildDetectOffPayload(
  camera: string,
  nowMs: number,
  region: string | null = null,
): Record<string, unknown> {
  return {
    camera,
    region,
    label: null,
    score: null,
    top_k: [],
    detect: 'OFF',
    time: new Date(nowMs).toISOString(),
  };
}

/**
 * The action payload of one window from the result bus: what MQTT publishes retained and the
 * console shows, built in one place so that both always say the same.
 */
export function windowActionPayload(
  event: WindowEvent,
  model: ActionModel,
): Record<string, unknown> {
  return buildActionPayload({
    camera: event.camera,
    region: event.region ?? null,
    recognition: event.recognition,
    labelsFrom: event.labelsFrom,
    ...(event.alongside ? { alongside: event.alongside } : {}),
    firstFrameMs: event.firstFrameMs,
    lastFrameMs: event.lastFrameMs,
    frames: model.frames,
    fps: model.fps,
    model: { name: model.name, weights: model.weights, randomWeights: model.randomWeights },
    inferenceMs: event.inferenceMs,
    nowMs: event.timeMs,
  });
}

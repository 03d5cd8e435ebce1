import type { Recognition } from '../../recognize/index.js';

export interface ActionPayloadInput {
  camera: string;
  /** The region the window shows; null for the whole frame. */
  region?: string | null;
  recognition: Recognition;
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

/**
 * The retained `<p>/<camera>/action` message. The window ends one frame period after its last
 * frame, so 16 frames at 7.5 fps span 2.13 s. A random-weight model's top label is no
 * recognition, and the payload says so where every consumer sees it.
 */
export function buildActionPayload(input: ActionPayloadInput): Record<string, unknown> {
  const endMs = input.lastFrameMs + 1000 / input.fps;
  return {
    camera: input.camera,
    region: input.region ?? null,
    label: input.recognition.label,
    score: round(input.recognition.score, 4),
    top_k: input.recognition.topK.map((s) => ({ label: s.label, score: round(s.score, 4) })),
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

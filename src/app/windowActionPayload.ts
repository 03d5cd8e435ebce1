import type { ModelCard } from '../model/index.js';
import { isRandomWeights } from '../model/index.js';
import { buildActionPayload } from '../outputs/mqtt/index.js';
import type { Recognition } from '../recognize/index.js';
import type { WindowResult } from '../schedule/index.js';

/** The `<p>/<camera>/action` message for one recognized window of the model `card`. */
export function windowActionPayload(
  result: WindowResult,
  recognition: Recognition,
  card: ModelCard,
  nowMs: number,
): Record<string, unknown> {
  return buildActionPayload({
    camera: result.camera,
    recognition,
    firstFrameMs: result.startMs,
    lastFrameMs: result.endMs,
    frames: card.clipLength,
    fps: card.fps,
    model: { name: card.name, weights: card.weights, randomWeights: isRandomWeights(card) },
    inferenceMs: result.inferenceMs,
    nowMs,
  });
}

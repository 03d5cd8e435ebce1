import { Tensor } from 'onnxruntime-node';
import type { ModelCard } from './modelCard.js';
import type { WorkerSession } from './workerSession.js';

const CHANNELS = 3;

/**
 * Runs one all-zero clip through a freshly started session. A GPU provider can start a session
 * and then fail every run (onnxruntime's WebGPU provider on a graph with an operator it lacks,
 * such as MViT's depthwise Conv3d): trying one run before the engine is handed out lets the
 * engine fall back to the next provider instead of failing every window. Rejects with
 * onnxruntime's message when the run fails.
 */
export async function tryFirstRun(session: WorkerSession, card: ModelCard): Promise<void> {
  const { clipLength: t, cropSize: s, input } = card;
  const dims = input.layout === 'NTHWC' ? [1, t, s, s, CHANNELS] : [1, CHANNELS, t, s, s];
  const length = t * s * s * CHANNELS;
  const zeros =
    input.dtype === 'uint8'
      ? new Tensor('uint8', new Uint8Array(length), dims)
      : new Tensor('float32', new Float32Array(length), dims);
  const outputs = await session.run({ [input.name]: zeros });
  // Names, shapes and dtypes are the session contract's to check (sessionContract.ts).
  const logits = outputs[card.output.name]?.data;
  if (logits instanceof Float32Array && !logits.every(Number.isFinite)) {
    // A provider that computes garbage (NaN, Inf) is as unusable as one that throws.
    throw new Error('first run gave logits that are not finite numbers');
  }
}

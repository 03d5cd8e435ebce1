import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceEngine } from '../../../src/model/index.js';
import {
  cosineSimilarity,
  fixedFrames,
  loadFixedFrames,
  maxAbsDifference,
} from '../../../tools/parity/index.js';
import {
  golden,
  loadEngine,
  tinyF32ModelPath,
  tinyInt8ModelPath,
  tinyModelPath,
} from './support.js';

// (a) Identical uint8 frames in: the ONNX path gives torch's logits (models/parity/harness.py
// ran the same weights in PyTorch with torchvision's normalization and NCTHW layout).
const reference = loadFixedFrames(golden('fixed_frames.json'));
const frames = fixedFrames(reference.clips, reference.frames, reference.size);

describe.each([
  ['uint8 NTHWC, normalized in the graph', tinyModelPath],
  ['float32 NCTHW, normalized in JavaScript', tinyF32ModelPath],
])('tiny MViT ONNX (%s) against PyTorch', (_variant, modelPath) => {
  let engine: InferenceEngine;

  beforeAll(async () => {
    engine = await loadEngine(modelPath, reference.clips);
  });
  afterAll(() => engine?.close());

  it('gives the same logits within 1e-3 for the same frames, batched', async () => {
    for (let i = 0; i < reference.clips; i++) {
      engine.clipSlot(i).set(frames.subarray(i * engine.clipBytes, (i + 1) * engine.clipBytes));
    }
    const logits = await engine.run(reference.clips);
    const classes = engine.labels.length;
    for (const [i, expected] of reference.logits.entries()) {
      const got = logits.subarray(i * classes, (i + 1) * classes);
      expect(maxAbsDifference(got, expected)).toBeLessThan(1e-3);
    }
    // The two clips differ, so a layout or batching mistake could not pass by accident.
    expect(maxAbsDifference(reference.logits[0]!, reference.logits[1]!)).toBeGreaterThan(0.1);
  });
});

describe('tiny MViT int8 ONNX (models/quantize_static.py) against PyTorch in float32', () => {
  let engine: InferenceEngine;

  beforeAll(async () => {
    engine = await loadEngine(tinyInt8ModelPath, reference.clips);
  });
  afterAll(() => engine?.close());

  it('gives logits of cosine similarity ≥ 0.999 for the same frames, batched', async () => {
    for (let i = 0; i < reference.clips; i++) {
      engine.clipSlot(i).set(frames.subarray(i * engine.clipBytes, (i + 1) * engine.clipBytes));
    }
    const logits = await engine.run(reference.clips);
    const classes = engine.labels.length;
    for (const [i, expected] of reference.logits.entries()) {
      const got = logits.subarray(i * classes, (i + 1) * classes);
      // int8 rounds every quantized tensor: close in direction, not to 1e-3 in value.
      expect(cosineSimilarity(got, expected)).toBeGreaterThanOrEqual(0.999);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyVideo } from '../../../src/classify/index.js';
import { silentLogger } from '../../../src/log/index.js';
import type { InferenceEngine } from '../../../src/model/index.js';
import { cosineSimilarity, loadWindows, maxAbsDifference } from '../../../tools/parity/index.js';
import {
  clip,
  ffmpegPath,
  golden,
  loadEngine,
  tinyInt8ModelPath,
  tinyModelPath,
} from './support.js';

// (d) End to end on the labelled clips: `actionwatch classify`'s pipeline (ffmpeg sampling,
// resize and crop, FrameRing, ClipScheduler, InferenceEngine) against torchvision's
// (decode, VideoClips, transforms(), the model), per window, on the tiny model's weights.
// The int8 fixture (models/quantize_static.py) is held to the same bound.
const reference = loadWindows(golden('windows_tiny.json'));

describe.each([
  ['float32', tinyModelPath],
  ['int8', tinyInt8ModelPath],
])('windows of the labelled clips against torchvision’s pipeline, %s model', (_kind, modelPath) => {
  let engine: InferenceEngine;

  beforeAll(async () => {
    engine = await loadEngine(modelPath);
  });
  afterAll(() => engine?.close());

  it.each(reference.clips)('$file: cosine similarity ≥ 0.99 in every window', async (expected) => {
    const result = await classifyVideo({
      video: clip(expected.file),
      engine,
      ffmpegPath,
      scaleFlags: 'bilinear+full_chroma_inp',
      stride: reference.stride,
      topK: 1,
      logger: silentLogger(),
      keepLogits: true,
    });
    const ours = new Map(result.windows.map((w) => [w.lastFrame, w.logits!]));
    const gridWindows = expected.windows.filter((w) => !w.tail);
    for (const window of gridWindows) {
      const logits = ours.get(window.lastFrame);
      expect(logits, `window ending at sampled frame ${window.lastFrame}`).toBeDefined();
      expect(cosineSimilarity(logits!, window.logits)).toBeGreaterThanOrEqual(0.99);
    }
    // Windows far apart in the clip differ, so matching windows is not a given.
    const first = gridWindows[0]!.logits;
    const last = gridWindows.at(-1)!.logits;
    expect(maxAbsDifference(first, last)).toBeGreaterThan(0.05);
  });
});

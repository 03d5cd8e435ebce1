import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, subtract } from '../../bench/similarity.js';
import { InferenceEngine, loadModelCard } from '../../src/model/index.js';
import {
  capturingLogger,
  fillPseudoRandom,
  labelsPath,
  repoRoot,
  tinyModelPath,
} from './support.js';

// Made by `python3 models/quantize_int8.py test/fixtures/tiny_mvit.onnx` (deterministic).
const tinyInt8Path = path.join(repoRoot, 'test/fixtures/tiny_mvit_int8.onnx');

function load(modelPath: string): Promise<InferenceEngine> {
  return InferenceEngine.load({
    modelPath,
    labelsPath,
    providers: ['cpu'],
    threads: 1,
    maxBatch: 2,
    logger: capturingLogger().logger,
  });
}

describe('the dynamically quantized int8 model', () => {
  let fp32: InferenceEngine;
  let int8: InferenceEngine;

  beforeAll(async () => {
    [fp32, int8] = await Promise.all([load(tinyModelPath), load(tinyInt8Path)]);
  });

  afterAll(async () => {
    await fp32?.close();
    await int8?.close();
  });

  it('keeps the input, output and card of the float32 model, saying how it was quantized', () => {
    expect(int8.card.input).toEqual(fp32.card.input);
    expect(int8.card.output).toEqual(fp32.card.output);
    const card = loadModelCard(tinyInt8Path.replace(/\.onnx$/, '.card.json'));
    expect(card.name).toBe('mvit_tiny');
  });

  it('gives logits close to float32, including how they move from one clip to another', async () => {
    const logits = async (engine: InferenceEngine) => {
      fillPseudoRandom(engine.clipSlot(0), 11);
      fillPseudoRandom(engine.clipSlot(1), 12);
      const out = await engine.run(2);
      return [out.slice(0, 400), out.slice(400, 800)] as const;
    };
    const [a32, b32] = await logits(fp32);
    const [a8, b8] = await logits(int8);
    expect(cosineSimilarity(a32, a8)).toBeGreaterThan(0.999);
    expect(cosineSimilarity(b32, b8)).toBeGreaterThan(0.999);
    // A shared offset would make the plain cosine high even if the input were ignored.
    expect(cosineSimilarity(subtract(a32, b32), subtract(a8, b8))).toBeGreaterThan(0.99);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, subtract } from '../../bench/similarity.js';
import {
  defaultCardPath,
  InferenceEngine,
  labelsFileSha256,
  loadModelCard,
} from '../../src/model/index.js';
import {
  capturingLogger,
  fillPseudoRandom,
  type LogLine,
  labelsPath,
  repoRoot,
  tinyModelPath,
} from './support.js';

// Made by `python3 models/quantize_static.py test/fixtures/tiny_mvit.onnx
// --output test/fixtures/tiny_mvit_int8.onnx` (models/README.md, int8 for CPUs).
const tinyInt8Path = path.join(repoRoot, 'test/fixtures/tiny_mvit_int8.onnx');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('the statically quantized int8 fixture', () => {
  let fp32: InferenceEngine;
  let int8: InferenceEngine;
  let int8Lines: LogLine[];

  beforeAll(async () => {
    const load = (modelPath: string) => {
      const { logger, lines } = capturingLogger();
      const engine = InferenceEngine.load({
        modelPath,
        labelsPath,
        providers: ['cpu'],
        threads: 1,
        maxBatch: 2,
        logger,
      });
      return { engine, lines };
    };
    const a = load(tinyModelPath);
    const b = load(tinyInt8Path);
    [fp32, int8] = await Promise.all([a.engine, b.engine]);
    int8Lines = b.lines;
  });

  afterAll(async () => {
    await fp32?.close();
    await int8?.close();
  });

  it('has the float32 card, field for field, plus how it was quantized', () => {
    const { quantization, ...rest } = readJson(defaultCardPath(tinyInt8Path));
    expect(rest).toEqual(readJson(defaultCardPath(tinyModelPath)));
    expect(quantization).toMatchObject({
      method: expect.stringContaining('static int8, QDQ'),
      weights: 'int8, symmetric, per output channel',
      activations: expect.stringContaining('uint8, asymmetric, per tensor'),
      source_model: 'tiny_mvit.onnx',
      calibration: {
        clips: [
          { file: 'arm_wrestling.mp4', windows: expect.any(Number) },
          { file: 'abseiling.mp4', windows: expect.any(Number) },
        ],
      },
    });
    expect(int8.card.quantization?.details.ops).toContain('linear');
  });

  it('was exported with the labels file the daemon reads', () => {
    const card = loadModelCard(defaultCardPath(tinyInt8Path));
    expect(card.labelsSha256).toBe(labelsFileSha256(labelsPath));
    expect(int8.labels).toEqual(fp32.labels);
  });

  it('logs at load that it is quantized, how and on what it was calibrated', () => {
    expect(int8Lines.find((l) => l.msg === 'model loaded')).toMatchObject({
      quantization: expect.stringContaining('static int8'),
    });
    const details = int8Lines.find((l) => l.msg === 'model is quantized');
    expect(details).toMatchObject({
      ops: expect.arrayContaining(['linear']),
      calibration: { windows: expect.any(Number), range: expect.any(String) },
    });
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

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCardPath, InferenceEngine } from '../../src/model/index.js';
import {
  capturingLogger,
  fillPseudoRandom,
  labelsPath,
  scratchDir,
  tinyF32ModelPath,
  tinyModelPath,
} from './support.js';

const WARN = 40;

function loadTiny(overrides: Partial<Parameters<typeof InferenceEngine.load>[0]> = {}) {
  const { logger, lines } = capturingLogger();
  const engine = InferenceEngine.load({
    modelPath: tinyModelPath,
    labelsPath,
    providers: ['cpu'],
    threads: 1,
    maxBatch: 2,
    logger,
    ...overrides,
  });
  return { engine, lines };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

describe('InferenceEngine on the tiny MViT fixture', () => {
  let engine: InferenceEngine;
  let lines: ReturnType<typeof capturingLogger>['lines'];

  beforeAll(async () => {
    const loaded = loadTiny();
    engine = await loaded.engine;
    lines = loaded.lines;
  });
  afterAll(() => engine.close());

  it('exposes what the card and labels say', () => {
    expect(engine.provider).toBe('cpu');
    expect(engine.card.name).toBe('mvit_tiny');
    expect(engine.labels).toHaveLength(400);
    expect(engine.frameBytes).toBe(64 * 64 * 3);
    expect(engine.clipBytes).toBe(16 * 64 * 64 * 3);
    expect(engine.maxBatch).toBe(2);
    expect(engine.clipSlot(1).length).toBe(engine.clipBytes);
  });

  it('logs the load and warns that the weights are random', () => {
    expect(lines.find((l) => l.msg === 'model loaded')).toMatchObject({
      module: 'model',
      provider: 'cpu',
    });
    const warning = lines.find((l) => l.level === WARN && l.msg.includes('RANDOM WEIGHTS'));
    expect(warning?.msg).toBe('model has RANDOM WEIGHTS: its outputs are not recognitions');
  });

  it('gives each row of a batch the logits of that clip run alone', async () => {
    const clipA = new Uint8Array(engine.clipBytes);
    const clipB = new Uint8Array(engine.clipBytes);
    fillPseudoRandom(clipA, 1);
    fillPseudoRandom(clipB, 2);

    engine.clipSlot(0).set(clipA);
    const alone0 = await engine.run(1);
    engine.clipSlot(0).set(clipB);
    const alone1 = await engine.run(1);
    expect(alone0).toHaveLength(400);
    // The clips must move the logits, or the comparisons below would prove nothing.
    expect(maxAbsDiff(alone0, alone1)).toBeGreaterThan(1e-2);

    engine.clipSlot(0).set(clipA);
    engine.clipSlot(1).set(clipB);
    const batch = await engine.run(2);
    expect(batch).toHaveLength(800);
    expect(maxAbsDiff(batch.subarray(0, 400), alone0)).toBeLessThan(1e-4);
    expect(maxAbsDiff(batch.subarray(400), alone1)).toBeLessThan(1e-4);
  });

  it('refuses a second run before the first resolved', async () => {
    const first = engine.run(1);
    await expect(engine.run(1)).rejects.toThrow('run() called while a run is in progress');
    await first;
  });

  it('rejects batch sizes and slots outside maxBatch, quoting the value', async () => {
    await expect(engine.run(0)).rejects.toThrow('clips must be an integer in 1..2, got 0');
    await expect(engine.run(3)).rejects.toThrow('clips must be an integer in 1..2, got 3');
    expect(() => engine.clipSlot(2)).toThrow('clip slot must be an integer in 0..1, got 2');
  });
});

describe('InferenceEngine.load errors', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());

  it('names a missing model file', async () => {
    const missing = `${scratch.dir}/absent.onnx`;
    await expect(loadTiny({ modelPath: missing }).engine).rejects.toThrow(
      `${missing}: model file not found`,
    );
  });

  it('names the labels file when its count differs from the card', async () => {
    const labels = readFileSync(labelsPath, 'utf8').split('\n').slice(0, 399).join('\n');
    const short = scratch.write('short-labels.txt', labels);
    await expect(loadTiny({ labelsPath: short }).engine).rejects.toThrow(
      `${short}: 399 labels but the model card ${defaultCardPath(tinyModelPath)} says 400 classes`,
    );
  });

  it('names the model file when the card gives another crop size', async () => {
    const card = JSON.parse(readFileSync(defaultCardPath(tinyModelPath), 'utf8'));
    const cardPath = scratch.write(
      'wrong.card.json',
      JSON.stringify({ ...card, crop_size: 32, resize_short_side: 37 }),
    );
    await expect(loadTiny({ cardPath }).engine).rejects.toThrow(
      `${tinyModelPath}: input 'frames' has 64x64 frames but its card says 32x32 (card: ${cardPath})`,
    );
  });

  it('warns when the labels differ from those the model was exported with', async () => {
    const reordered = readFileSync(labelsPath, 'utf8').trim().split('\n').reverse().join('\n');
    const file = scratch.write('reordered.txt', reordered);
    const { engine, lines } = loadTiny({ labelsPath: file });
    await (await engine).close();
    const warning = lines.find((l) => l.level === WARN && l.msg.startsWith('labels file differs'));
    expect(warning).toMatchObject({ labels: file });
  });

  it('rejects runs after close', async () => {
    const engine = await loadTiny().engine;
    await engine.close();
    await expect(engine.run(1)).rejects.toThrow(`${tinyModelPath}: engine is closed`);
  });
});

describe('float32 NCTHW models', () => {
  it('give the same logits as the uint8 graph on the same frames', async () => {
    const uint8 = await loadTiny().engine;
    const float32 = await loadTiny({ modelPath: tinyF32ModelPath }).engine;
    try {
      expect(float32.card.input).toMatchObject({ layout: 'NCTHW', dtype: 'float32' });
      for (const [slot, seed] of [
        [0, 3],
        [1, 4],
      ] as const) {
        fillPseudoRandom(uint8.clipSlot(slot), seed);
        float32.clipSlot(slot).set(uint8.clipSlot(slot));
      }
      expect(maxAbsDiff(await float32.run(2), await uint8.run(2))).toBeLessThan(1e-4);
    } finally {
      await Promise.all([uint8.close(), float32.close()]);
    }
  });
});

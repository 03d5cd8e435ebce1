import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultCardPath,
  isRandomWeights,
  loadModelCard,
  parseModelCard,
} from '../../src/model/index.js';
import { scratchDir, tinyF32ModelPath, tinyModelPath } from './support.js';

const tinyCardPath = defaultCardPath(tinyModelPath);

function tinyCardJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(tinyCardPath, 'utf8')) as Record<string, unknown>;
}

describe('defaultCardPath', () => {
  it('puts the card beside the model', () => {
    expect(defaultCardPath('models/mvit_v1_b.onnx')).toBe('models/mvit_v1_b.card.json');
    expect(defaultCardPath('/opt/m/model')).toBe('/opt/m/model.card.json');
  });
});

describe('loadModelCard', () => {
  it('reads the exported tiny card into camelCase fields', () => {
    const card = loadModelCard(tinyCardPath);
    expect(card).toMatchObject({
      name: 'mvit_tiny',
      weights: 'random',
      seed: 0,
      weightsSha256: null,
      clipLength: 16,
      fps: 7.5,
      resizeShortSide: 73,
      cropSize: 64,
      mean: [0.45, 0.45, 0.45],
      std: [0.225, 0.225, 0.225],
      input: { name: 'frames', layout: 'NTHWC', dtype: 'uint8', normalizedInGraph: true },
      output: { name: 'logits', classes: 400 },
      labelsFile: 'labels.txt',
    });
    expect(isRandomWeights(card)).toBe(true);
  });

  it('reads the float32 variant', () => {
    const card = loadModelCard(defaultCardPath(tinyF32ModelPath));
    expect(card.input).toEqual({
      name: 'clip',
      layout: 'NCTHW',
      dtype: 'float32',
      normalizedInGraph: false,
    });
  });

  it('reads the graph target and precision, cpu and float32 for cards written before them', () => {
    expect(loadModelCard(tinyCardPath)).toMatchObject({ target: 'cpu', precision: 'float32' });
    const { target: _t, precision: _p, ...older } = tinyCardJson();
    expect(parseModelCard(older, 'old.card.json')).toMatchObject({
      target: 'cpu',
      precision: 'float32',
    });
    const gpu = { ...tinyCardJson(), target: 'webgpu', precision: 'float16' };
    expect(parseModelCard(gpu, 'gpu.card.json')).toMatchObject({
      target: 'webgpu',
      precision: 'float16',
    });
    expect(() => parseModelCard({ ...tinyCardJson(), target: 'tpu' }, 'x.card.json')).toThrow(
      "x.card.json: invalid model card: target: must be one of 'cpu', 'webgpu', got \"tpu\"",
    );
  });

  it('reads the graph rewrites the export made, none for cards written before them', () => {
    const { graph_rewrites: _g, ...older } = tinyCardJson() as Record<string, unknown>;
    expect(parseModelCard(older, 'old.card.json').graphRewrites).toEqual([]);
    const rewritten = { ...tinyCardJson(), graph_rewrites: ['sliced_pool', 'frame_conv2d'] };
    expect(parseModelCard(rewritten, 'r.card.json').graphRewrites).toEqual([
      'sliced_pool',
      'frame_conv2d',
    ]);
    expect(() =>
      parseModelCard({ ...tinyCardJson(), graph_rewrites: 'sliced_pool' }, 'x.card.json'),
    ).toThrow(
      'x.card.json: invalid model card: graph_rewrites: must be a list of non-empty strings, got "sliced_pool"',
    );
  });

  it('reads how a model was quantized, null when it was not', () => {
    expect(loadModelCard(tinyCardPath).quantization).toBeNull();
    const entry = { method: 'static int8, QDQ', ops: ['linear'], calibration: { windows: 30 } };
    const card = parseModelCard({ ...tinyCardJson(), quantization: entry }, 'q.card.json');
    expect(card.quantization).toEqual({ method: 'static int8, QDQ', details: entry });
    expect(() =>
      parseModelCard({ ...tinyCardJson(), quantization: { ops: [] } }, 'q.card.json'),
    ).toThrow('q.card.json: invalid model card: quantization.method: must be a non-empty string');
  });

  it('treats named weights as real', () => {
    const card = parseModelCard({ ...tinyCardJson(), weights: 'KINETICS400_V1' }, 'x.card.json');
    expect(isRandomWeights(card)).toBe(false);
  });

  it('lists every problem in one error naming the file', () => {
    const json = tinyCardJson();
    delete json.clip_length;
    json.crop_size = -64;
    json.std = [0.2, 0, 0.2];
    json.input = { name: 'frames', layout: 'NHWC', dtype: 'uint8', normalized_in_graph: true };
    json.output = { name: 'logits' };
    expect(() => parseModelCard(json, 'models/bad.card.json')).toThrow(
      'models/bad.card.json: invalid model card: ' +
        'clip_length: must be a positive integer, missing; ' +
        'crop_size: must be a positive integer, got -64; ' +
        'std: must be 3 positive numbers (R, G, B), got [0.2,0,0.2]; ' +
        "input.layout: must be one of 'NTHWC', 'NCTHW', got \"NHWC\"; " +
        'output.classes: must be a positive integer, missing',
    );
  });

  it('rejects a missing input section and an unknown format', () => {
    const json: Record<string, unknown> = { ...tinyCardJson(), format: 'other/2' };
    delete json.input;
    const err = catchError(() => parseModelCard(json, 'm.card.json'));
    expect(err.message).toContain(
      `m.card.json: invalid model card: format: must be 'actionwatch-model-card/1', got "other/2"`,
    );
    expect(err.message).toContain('input: must be an object, missing');
    expect(err.message).toContain('input.name: must be a non-empty string, missing');
  });

  it('rejects contradictions between fields', () => {
    const json = {
      ...tinyCardJson(),
      resize_short_side: 32,
      labels_sha256: 'abc',
      input: { name: 'frames', layout: 'NTHWC', dtype: 'uint8', normalized_in_graph: false },
    };
    const err = catchError(() => parseModelCard(json, 'm.card.json'));
    expect(err.message).toContain(
      'input.normalized_in_graph: must be true when input.dtype is uint8',
    );
    expect(err.message).toContain('resize_short_side: must be at least crop_size (64), got 32');
    expect(err.message).toContain(
      'labels_sha256: must be 64 lowercase hex digits or null, got "abc"',
    );
  });

  it('names the file when it is missing or not JSON', () => {
    const scratch = scratchDir();
    try {
      const missing = `${scratch.dir}/none.card.json`;
      expect(() => loadModelCard(missing)).toThrow(`${missing}: cannot read model card`);
      const broken = scratch.write('broken.card.json', '{"name": ');
      expect(() => loadModelCard(broken)).toThrow(`${broken}: model card is not valid JSON`);
      const list = scratch.write('list.card.json', '[1]');
      expect(() => loadModelCard(list)).toThrow(
        `${list}: invalid model card: must be a JSON object, got [1]`,
      );
    } finally {
      scratch.cleanup();
    }
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

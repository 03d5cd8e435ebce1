import { describe, expect, it } from 'vitest';
import {
  backboneOf,
  checkHeadFitsModel,
  HeadMismatchError,
  HeadScorer,
  headFileText,
  parseHead,
  type TaughtHead,
} from '../../src/model/heads/index.js';
import { defaultCardPath, loadModelCard, type ModelCard } from '../../src/model/index.js';
import { tinyModelPath } from './support.js';

const card = loadModelCard(defaultCardPath(tinyModelPath));

function tinyHead(overrides: Partial<TaughtHead> = {}): TaughtHead {
  const size = 32;
  const weights = new Float64Array(2 * size);
  weights[size] = 2; // 'wave' rises with the first feature
  return {
    name: 'dock',
    labels: ['background', 'wave'],
    background: 'background',
    backbone: backboneOf(card) as NonNullable<ReturnType<typeof backboneOf>>,
    mean: new Float64Array(size).fill(1),
    std: new Float64Array(size).fill(0.5),
    weights,
    bias: Float64Array.from([0.25, -0.25]),
    thresholds: { wave: 0.8 },
    precisionTarget: 0.9,
    training: { windows: 10 },
    ...overrides,
  };
}

describe('head files', () => {
  it('read back what was written, and the same head always gives the same bytes', () => {
    const text = headFileText(tinyHead());
    expect(headFileText(tinyHead())).toBe(text);
    const back = parseHead(JSON.parse(text), 'dock.json');
    expect(back.labels).toEqual(['background', 'wave']);
    expect(back.backbone).toEqual(tinyHead().backbone);
    expect(headFileText(back)).toBe(text);
  });

  it('lists every problem of a bad head in one error naming the file', () => {
    const json = JSON.parse(headFileText(tinyHead()));
    json.labels = ['wave'];
    json.bias = [1, 2, 3];
    expect(() => parseHead(json, 'bad.json')).toThrow(
      /^bad\.json: invalid head: labels: must name at least two classes.*background: must be one of the labels.*weights: must have 32 values.*bias: must have 1 values/,
    );
  });
});

describe('checkHeadFitsModel', () => {
  it('accepts a head taught on this model', () => {
    expect(() => checkHeadFitsModel(tinyHead(), 'dock.json', card, 'tiny.onnx')).not.toThrow();
  });

  it('refuses a head for another model, naming both files and both backbones', () => {
    const other: ModelCard = { ...card, seed: 1 };
    expect(() => checkHeadFitsModel(tinyHead(), 'dock.json', other, 'other.onnx')).toThrow(
      new HeadMismatchError(
        'head dock.json was taught on mvit_tiny (random weights, seed 0, 32-d embedding), not on the model other.onnx, mvit_tiny (random weights, seed 1, 32-d embedding) (they differ in seed)',
      ),
    );
  });

  it('refuses a model without an embedding output', () => {
    const logitsOnly: ModelCard = { ...card, embedding: null };
    expect(() => checkHeadFitsModel(tinyHead(), 'dock.json', logitsOnly, 'old.onnx')).toThrow(
      /old\.onnx gives logits only/,
    );
  });
});

describe('HeadScorer', () => {
  it('scores a standardized embedding with the head’s weights and biases', () => {
    const scorer = new HeadScorer(tinyHead());
    const embeddings = new Float32Array(64).fill(1);
    embeddings[32] = 2; // row 1, first feature: (2 − 1) / 0.5 = 2 standard deviations
    expect(Array.from(scorer.logits(embeddings, 0))).toEqual([0.25, -0.25]);
    expect(Array.from(scorer.logits(embeddings, 1))).toEqual([0.25, 3.75]);
    expect(() => scorer.logits(embeddings, 2)).toThrow(RangeError);
  });
});

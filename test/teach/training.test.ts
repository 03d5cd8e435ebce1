import { describe, expect, it } from 'vitest';
import {
  crossValidate,
  evaluate,
  foldOfVideo,
  predictProbabilities,
  thresholdForPrecision,
  trainLogisticRegression,
  type WindowSet,
} from '../../src/teach/index.js';

/** Three classes around three centres in 8 dimensions; 4 videos per class, 5 windows each. */
function syntheticSet(): WindowSet {
  const size = 8;
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const features: number[] = [];
  const classOf: number[] = [];
  const videoOf: number[] = [];
  const videos: string[] = [];
  for (let cls = 0; cls < 3; cls++) {
    for (let v = 0; v < 4; v++) {
      videos.push(`c${cls}v${v}.mp4`);
      for (let w = 0; w < 5; w++) {
        for (let j = 0; j < size; j++) features.push((j === cls ? 2 : 0) + random());
        classOf.push(cls);
        videoOf.push(videos.length - 1);
      }
    }
  }
  return {
    labels: ['background', 'a', 'b'],
    videos,
    size,
    features: Float32Array.from(features),
    classOf: Int32Array.from(classOf),
    videoOf: Int32Array.from(videoOf),
  };
}

const options = { l2: 0.01, maxIterations: 300 };

describe('trainLogisticRegression', () => {
  it('separates separable classes and gives the same bits twice', () => {
    const set = syntheticSet();
    const data = { ...set, classes: 3 };
    const model = trainLogisticRegression(data, options);
    const again = trainLogisticRegression(data, options);
    expect(Buffer.from(again.weights.buffer)).toEqual(Buffer.from(model.weights.buffer));
    expect(model.converged).toBe(true);
    const predictions = Array.from(set.classOf, (_, row) => {
      const p = predictProbabilities(model, set.features, row, 3);
      return p.indexOf(Math.max(...p));
    });
    expect(predictions).toEqual(Array.from(set.classOf));
  });
});

describe('grouped cross-validation', () => {
  it('puts every video in one fold and spreads each class over the folds', () => {
    const set = syntheticSet();
    const folds = foldOfVideo(set, 4);
    for (let cls = 0; cls < 3; cls++) {
      const ofClass = Array.from(folds.subarray(cls * 4, cls * 4 + 4)).sort();
      expect(new Set(ofClass).size).toBe(4);
    }
  });

  it('scores each window with a model that never saw its video', () => {
    const set = syntheticSet();
    const cv = crossValidate(set, 4, options);
    expect(cv?.folds).toBe(4);
    const evaluation = evaluate(set.labels, set.classOf, cv?.probabilities as Float64Array);
    expect(evaluation.accuracy).toBe(1);
    expect(evaluation.confusion).toEqual([
      [20, 0, 0],
      [0, 20, 0],
      [0, 0, 20],
    ]);
  });

  it('is not possible with one video', () => {
    const set = { ...syntheticSet(), videos: ['one.mp4'], videoOf: new Int32Array(60) };
    expect(crossValidate(set, 5, options)).toBeNull();
  });
});

describe('metrics', () => {
  it('computes precision, recall and F1 per class from arg-max predictions', () => {
    // Rows: truth 0,0,1,1; predicted 0,1,1,1.
    const probabilities = Float64Array.from([0.9, 0.1, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7]);
    const result = evaluate(['background', 'x'], Int32Array.from([0, 0, 1, 1]), probabilities);
    expect(result.accuracy).toBe(0.75);
    expect(result.perClass[1]).toEqual({
      label: 'x',
      support: 2,
      precision: 2 / 3,
      recall: 1,
      f1: 0.8,
    });
  });

  it('finds the lowest threshold that keeps the target precision', () => {
    // Class 1 scores, best first: 0.9 (yes), 0.8 (yes), 0.7 (no), 0.6 (yes), 0.1 (no).
    const scores = [0.9, 0.8, 0.7, 0.6, 0.1];
    const probabilities = Float64Array.from(scores.flatMap((s) => [1 - s, s]));
    const classOf = Int32Array.from([1, 1, 0, 1, 0]);
    expect(thresholdForPrecision(classOf, probabilities, 2, 1, 0.75)).toEqual({
      threshold: 0.6,
      precision: 0.75,
      recall: 1,
    });
    expect(thresholdForPrecision(classOf, probabilities, 2, 1, 1)).toEqual({
      threshold: 0.8,
      precision: 1,
      recall: 2 / 3,
    });
  });
});

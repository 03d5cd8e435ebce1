import { foldOfVideo } from './groupedFolds.js';
import {
  predictProbabilities,
  type TrainOptions,
  trainLogisticRegression,
} from './logisticRegression.js';
import { subset, type WindowSet } from './windowSet.js';

export interface CrossValidation {
  folds: number;
  /** Each window's class probabilities from the model that never saw its video (rows × classes). */
  probabilities: Float64Array;
}

/**
 * Grouped k-fold cross-validation: k models, each trained without one fold's videos and
 * scoring exactly those. null when there are fewer than two videos to split.
 */
export function crossValidate(
  set: WindowSet,
  requestedFolds: number,
  opts: TrainOptions,
  onFold?: (fold: number, folds: number) => void,
): CrossValidation | null {
  const k = Math.min(requestedFolds, set.videos.length);
  if (k < 2) return null;
  const foldOf = foldOfVideo(set, k);
  const classes = set.labels.length;
  const probabilities = new Float64Array(set.classOf.length * classes);
  for (let fold = 0; fold < k; fold++) {
    onFold?.(fold, k);
    const rows = { train: [] as number[], test: [] as number[] };
    set.videoOf.forEach((video, row) => {
      (foldOf[video] === fold ? rows.test : rows.train).push(row);
    });
    if (rows.test.length === 0 || rows.train.length === 0) continue;
    const train = subset(set, rows.train);
    const model = trainLogisticRegression(
      { features: train.features, classOf: train.classOf, size: set.size, classes },
      opts,
    );
    for (const row of rows.test) {
      probabilities.set(predictProbabilities(model, set.features, row, classes), row * classes);
    }
  }
  return { folds: k, probabilities };
}

import { performance } from 'node:perf_hooks';
import type { BackboneIdentity, TaughtHead } from '../model/heads/index.js';
import { crossValidate } from './crossValidation.js';
import { trainLogisticRegression } from './logisticRegression.js';
import {
  type Evaluation,
  evaluate,
  type PrecisionThreshold,
  thresholdForPrecision,
} from './metrics.js';
import { TeachInputError } from './teachInputError.js';
import type { WindowSet } from './windowSet.js';

export interface TeachOptions {
  name: string;
  background: string;
  backbone: BackboneIdentity;
  l2: number;
  folds: number;
  precisionTarget: number;
  maxIterations: number;
  /** Recorded in the head: how the windows were cut. */
  stride: number;
  randomWeights: boolean;
  onFold?: (fold: number, folds: number) => void;
}

export interface CrossValidationReport extends Evaluation {
  folds: number;
  /** Per action label, where its score reaches the target precision (null: never). */
  thresholds: Record<string, PrecisionThreshold | null>;
}

export interface TeachOutcome {
  head: TaughtHead;
  windowsPerLabel: Record<string, number>;
  videosPerLabel: Record<string, number>;
  crossValidation: CrossValidationReport | null;
  trainMs: number;
  crossValidationMs: number;
  iterations: number;
  converged: boolean;
}

/**
 * Cross-validates (grouped by video), then trains the head on every window. Refuses a set
 * with fewer than two classes that have windows: there would be nothing to tell apart.
 */
export function teachHead(set: WindowSet, opts: TeachOptions): TeachOutcome {
  const { windowsPerLabel, videosPerLabel } = counts(set);
  const present = set.labels.filter((label) => (windowsPerLabel[label] ?? 0) > 0);
  if (present.length < 2) {
    throw new TeachInputError(
      `only one label ('${present[0] ?? 'none'}') has examples: teach needs at least two ` +
        `(another action, or a '${opts.background}' folder of videos with none of them)`,
    );
  }
  const training = { l2: opts.l2, maxIterations: opts.maxIterations };
  const cvStarted = performance.now();
  const cv = crossValidate(set, opts.folds, training, opts.onFold);
  const crossValidation = cv === null ? null : report(set, cv.folds, cv.probabilities, opts);
  const crossValidationMs = performance.now() - cvStarted;
  const trainStarted = performance.now();
  const model = trainLogisticRegression({ ...set, classes: set.labels.length }, training);
  const trainMs = performance.now() - trainStarted;
  const thresholds = Object.fromEntries(
    set.labels
      .filter((label) => label !== opts.background)
      .map((label) => [label, crossValidation?.thresholds[label]?.threshold ?? null]),
  );
  const head: TaughtHead = {
    name: opts.name,
    labels: set.labels,
    background: opts.background,
    backbone: opts.backbone,
    mean: model.mean,
    std: model.std,
    weights: model.weights,
    bias: model.bias,
    thresholds,
    precisionTarget: opts.precisionTarget,
    training: {
      random_weights: opts.randomWeights,
      videos: set.videos.length,
      windows: set.classOf.length,
      windows_per_label: windowsPerLabel,
      stride: opts.stride,
      l2: opts.l2,
      cross_validation_folds: crossValidation?.folds ?? null,
      cross_validation_accuracy: crossValidation
        ? Number(crossValidation.accuracy.toFixed(4))
        : null,
    },
  };
  const { iterations, converged } = model;
  return {
    head,
    windowsPerLabel,
    videosPerLabel,
    crossValidation,
    trainMs,
    crossValidationMs,
    iterations,
    converged,
  };
}

function report(
  set: WindowSet,
  folds: number,
  probabilities: Float64Array,
  opts: TeachOptions,
): CrossValidationReport {
  const evaluation = evaluate(set.labels, set.classOf, probabilities);
  const thresholds: Record<string, PrecisionThreshold | null> = {};
  set.labels.forEach((label, c) => {
    if (label === opts.background) return;
    thresholds[label] = thresholdForPrecision(
      set.classOf,
      probabilities,
      set.labels.length,
      c,
      opts.precisionTarget,
    );
  });
  return { ...evaluation, folds, thresholds };
}

function counts(set: WindowSet) {
  const windowsPerLabel: Record<string, number> = Object.fromEntries(set.labels.map((l) => [l, 0]));
  const videos = set.labels.map(() => new Set<number>());
  set.classOf.forEach((cls, row) => {
    const label = set.labels[cls] as string;
    windowsPerLabel[label] = (windowsPerLabel[label] ?? 0) + 1;
    videos[cls]?.add(set.videoOf[row] as number);
  });
  const videosPerLabel = Object.fromEntries(set.labels.map((l, c) => [l, videos[c]?.size ?? 0]));
  return { windowsPerLabel, videosPerLabel };
}

import { minimizeLbfgs } from './lbfgs.js';

/** Windows to learn from: embeddings row by row and each row's class index. */
export interface TrainingSet {
  features: Float32Array;
  classOf: Int32Array;
  size: number;
  classes: number;
}

export interface LinearModel {
  mean: Float64Array;
  std: Float64Array;
  /** classes × size, row by row, on standardized features. */
  weights: Float64Array;
  bias: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the biases), per window on average. */
  l2: number;
  maxIterations: number;
}

/** Below this, a feature is treated as constant (its std would blow up noise). */
const MIN_STD = 1e-6;

/**
 * Multinomial logistic regression, L2-regularized, on standardized embeddings, fitted by
 * L-BFGS from zero. Classes are weighted to count equally (many background windows must not
 * drown a rare action). Deterministic: same rows in the same order → same bits.
 */
export function trainLogisticRegression(data: TrainingSet, opts: TrainOptions): LinearModel {
  const { mean, std } = standardization(data);
  const x = standardized(data, mean, std);
  const rowWeight = balancedRowWeights(data);
  const { size, classes } = data;
  const params = classes * size + classes;
  const objective = (theta: Float64Array, grad: Float64Array) =>
    lossAndGradient(theta, grad, x, data, rowWeight, opts.l2);
  const result = minimizeLbfgs(objective, new Float64Array(params), {
    maxIterations: opts.maxIterations,
    gradientTolerance: 1e-5,
    memory: 10,
  });
  return {
    mean,
    std,
    weights: result.x.slice(0, classes * size),
    bias: result.x.slice(classes * size),
    iterations: result.iterations,
    converged: result.converged,
  };
}

function standardization(data: TrainingSet): { mean: Float64Array; std: Float64Array } {
  const rows = data.features.length / data.size;
  const mean = new Float64Array(data.size);
  const std = new Float64Array(data.size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < data.size; j++)
      mean[j] = (mean[j] as number) + (data.features[r * data.size + j] as number);
  }
  for (let j = 0; j < data.size; j++) mean[j] = (mean[j] as number) / rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < data.size; j++) {
      const d = (data.features[r * data.size + j] as number) - (mean[j] as number);
      std[j] = (std[j] as number) + d * d;
    }
  }
  for (let j = 0; j < data.size; j++)
    std[j] = Math.max(MIN_STD, Math.sqrt((std[j] as number) / rows));
  return { mean, std };
}

function standardized(data: TrainingSet, mean: Float64Array, std: Float64Array): Float64Array {
  const x = new Float64Array(data.features.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % data.size;
    x[i] = ((data.features[i] as number) - (mean[j] as number)) / (std[j] as number);
  }
  return x;
}

/** Each class's windows together weigh 1 / classes present: the loss is a mean over classes. */
function balancedRowWeights(data: TrainingSet): Float64Array {
  const counts = new Float64Array(data.classes);
  for (const c of data.classOf) counts[c] = (counts[c] as number) + 1;
  const present = counts.filter((n) => n > 0).length;
  return Float64Array.from(data.classOf, (c) => 1 / (present * (counts[c] as number)));
}

function lossAndGradient(
  theta: Float64Array,
  grad: Float64Array,
  x: Float64Array,
  data: TrainingSet,
  rowWeight: Float64Array,
  l2: number,
): number {
  const { size, classes } = data;
  const biasAt = classes * size;
  grad.fill(0);
  let loss = 0;
  const p = new Float64Array(classes);
  for (let r = 0; r < data.classOf.length; r++) {
    const w = rowWeight[r] as number;
    const xr = r * size;
    loss += w * softmaxRow(theta, x, xr, size, classes, p, data.classOf[r] as number);
    p[data.classOf[r] as number] = (p[data.classOf[r] as number] as number) - 1;
    for (let c = 0; c < classes; c++) {
      const g = w * (p[c] as number);
      grad[biasAt + c] = (grad[biasAt + c] as number) + g;
      for (let j = 0; j < size; j++)
        grad[c * size + j] = (grad[c * size + j] as number) + g * (x[xr + j] as number);
    }
  }
  for (let i = 0; i < biasAt; i++) {
    loss += 0.5 * l2 * (theta[i] as number) ** 2;
    grad[i] = (grad[i] as number) + l2 * (theta[i] as number);
  }
  return loss;
}

/** Fills `p` with the row's class probabilities; returns −log p[target]. */
function softmaxRow(
  theta: Float64Array,
  x: Float64Array,
  xr: number,
  size: number,
  classes: number,
  p: Float64Array,
  target: number,
): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c++) {
    let z = theta[classes * size + c] as number;
    for (let j = 0; j < size; j++) z += (theta[c * size + j] as number) * (x[xr + j] as number);
    p[c] = z;
    max = Math.max(max, z);
  }
  softmaxInPlace(p, classes, max);
  return -Math.log(Math.max(1e-300, p[target] as number));
}

/** Class probabilities of one raw (unstandardized) embedding under a trained model. */
export function predictProbabilities(
  model: LinearModel,
  features: Float32Array,
  row: number,
  classes: number,
): Float64Array {
  const size = model.mean.length;
  const p = new Float64Array(classes);
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c++) {
    let z = model.bias[c] as number;
    for (let j = 0; j < size; j++) {
      const v =
        ((features[row * size + j] as number) - (model.mean[j] as number)) /
        (model.std[j] as number);
      z += (model.weights[c * size + j] as number) * v;
    }
    p[c] = z;
    max = Math.max(max, z);
  }
  softmaxInPlace(p, classes, max);
  return p;
}

/** Turns the first `classes` scores of `p` into probabilities; `max` keeps exp() from overflowing. */
function softmaxInPlace(p: Float64Array, classes: number, max: number): void {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    p[c] = Math.exp((p[c] as number) - max);
    sum += p[c] as number;
  }
  for (let c = 0; c < classes; c++) p[c] = (p[c] as number) / sum;
}

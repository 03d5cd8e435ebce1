/** f(x) and its gradient, written into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the gradient's largest component falls below this. */
  gradientTolerance: number;
  /** Pairs of past steps kept for the curvature estimate. */
  memory: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives
 * such as L2-regularized logistic regression. Every operation runs in a fixed order from a
 * fixed start, so the same problem gives the same bits.
 */
export function minimizeLbfgs(f: Objective, start: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = start.length;
  let x: Float64Array = Float64Array.from(start);
  let grad: Float64Array = new Float64Array(n);
  let value = f(x, grad);
  const steps: Float64Array[] = [];
  const gradSteps: Float64Array[] = [];
  for (let iteration = 0; iteration < opts.maxIterations; iteration++) {
    if (maxAbs(grad) < opts.gradientTolerance)
      return { x, value, iterations: iteration, converged: true };
    const direction = searchDirection(grad, steps, gradSteps);
    const next = lineSearch(f, x, value, grad, direction, iteration === 0);
    if (next === null) return { x, value, iterations: iteration, converged: true };
    const s = subtract(next.x, x);
    const y = subtract(next.grad, grad);
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      gradSteps.push(y);
      if (steps.length > opts.memory) {
        steps.shift();
        gradSteps.shift();
      }
    }
    ({ x, grad, value } = next);
  }
  return {
    x,
    value,
    iterations: opts.maxIterations,
    converged: maxAbs(grad) < opts.gradientTolerance,
  };
}

/** The two-loop recursion: −H·grad with H the inverse Hessian the stored steps imply. */
function searchDirection(
  grad: Float64Array,
  steps: Float64Array[],
  gradSteps: Float64Array[],
): Float64Array {
  const q = Float64Array.from(grad);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i] as Float64Array;
    const y = gradSteps[i] as Float64Array;
    const alpha = dot(s, q) / dot(y, s);
    alphas[i] = alpha;
    axpy(-alpha, y, q);
  }
  const last = steps.length - 1;
  if (last >= 0) {
    const y = gradSteps[last] as Float64Array;
    scale(q, dot(steps[last] as Float64Array, y) / dot(y, y));
  }
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as Float64Array;
    const y = gradSteps[i] as Float64Array;
    const beta = dot(y, q) / dot(y, s);
    axpy((alphas[i] as number) - beta, s, q);
  }
  scale(q, -1);
  return q;
}

function lineSearch(
  f: Objective,
  x: Float64Array,
  value: number,
  grad: Float64Array,
  direction: Float64Array,
  first: boolean,
): { x: Float64Array; grad: Float64Array; value: number } | null {
  const slope = dot(grad, direction);
  if (!(slope < 0)) return null;
  // The first direction is the bare gradient, of arbitrary length: start with a unit step.
  let step = first ? 1 / Math.max(1e-12, Math.sqrt(dot(direction, direction))) : 1;
  const candidate = new Float64Array(x.length);
  const candidateGrad = new Float64Array(x.length);
  for (let tries = 0; tries < 40; tries++) {
    for (let i = 0; i < x.length; i++)
      candidate[i] = (x[i] as number) + step * (direction[i] as number);
    const candidateValue = f(candidate, candidateGrad);
    if (candidateValue <= value + 1e-4 * step * slope) {
      return { x: candidate, grad: candidateGrad, value: candidateValue };
    }
    step /= 2;
  }
  return null;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + alpha * (x[i] as number);
}

function scale(x: Float64Array, factor: number): void {
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * factor;
}

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
  return out;
}

function maxAbs(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] as number));
  return max;
}

export interface ClassMetrics {
  label: string;
  /** Windows truly of this class. */
  support: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface PrecisionThreshold {
  /** Lowest score that still reaches the target precision. */
  threshold: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  accuracy: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted], in label order. */
  confusion: number[][];
}

/** Accuracy, per-class precision/recall/F1 and the confusion matrix of arg-max predictions. */
export function evaluate(
  labels: readonly string[],
  classOf: Int32Array,
  probabilities: Float64Array,
): Evaluation {
  const k = labels.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  classOf.forEach((truth, row) => {
    const predicted = argMax(probabilities, row * k, k);
    (confusion[truth] as number[])[predicted] =
      ((confusion[truth] as number[])[predicted] as number) + 1;
  });
  let correct = 0;
  const perClass = labels.map((label, c) => {
    const tp = (confusion[c] as number[])[c] as number;
    correct += tp;
    const support = sum(confusion[c] as number[]);
    const predicted = sum(confusion.map((row) => row[c] as number));
    const precision = predicted > 0 ? tp / predicted : null;
    const recall = support > 0 ? tp / support : null;
    const f1 =
      precision !== null && recall !== null && precision + recall > 0
        ? (2 * precision * recall) / (precision + recall)
        : null;
    return { label, support, precision, recall, f1 };
  });
  return { accuracy: classOf.length > 0 ? correct / classOf.length : 0, perClass, confusion };
}

/**
 * The lowest threshold on class `c`'s score at which the windows scoring at least that much
 * are at least `target` precise (so recall is as high as that precision allows); null when
 * no threshold reaches it.
 */
export function thresholdForPrecision(
  classOf: Int32Array,
  probabilities: Float64Array,
  classes: number,
  c: number,
  target: number,
): PrecisionThreshold | null {
  const rows = Array.from(classOf.keys()).sort(
    (a, b) =>
      (probabilities[b * classes + c] as number) - (probabilities[a * classes + c] as number) ||
      a - b,
  );
  const positives = classOf.filter((truth) => truth === c).length;
  if (positives === 0) return null;
  let tp = 0;
  let best: PrecisionThreshold | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const score = probabilities[row * classes + c] as number;
    if (classOf[row] === c) tp++;
    // A cut only between different scores: windows with equal scores pass or fail together.
    const nextScore =
      i + 1 < rows.length ? probabilities[(rows[i + 1] as number) * classes + c] : -1;
    if (nextScore === score) continue;
    const precision = tp / (i + 1);
    if (precision >= target && (best === null || tp / positives > best.recall)) {
      best = { threshold: score, precision, recall: tp / positives };
    }
  }
  return best;
}

function argMax(values: Float64Array, offset: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++)
    if ((values[offset + i] as number) > (values[offset + best] as number)) best = i;
  return best;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

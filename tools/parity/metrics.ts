/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  // A zero vector has no direction: say so rather than return NaN.
  if (normA === 0 || normB === 0) throw new RangeError('cosine similarity of a zero vector');
  return dot / Math.sqrt(normA * normB);
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

export function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

/** Index of the largest value (the top-1 class of a logits row). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) > (values[best] as number)) best = i;
  }
  return best;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new RangeError(`cannot compare vectors of ${a.length} and ${b.length} values`);
  }
}

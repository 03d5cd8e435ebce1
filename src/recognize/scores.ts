/** One class and its probability. */
export interface LabelScore {
  label: string;
  score: number;
}

/** Numerically stable softmax of `logits` into `out` (same length); returns `out`. */
export function softmaxInto(logits: ArrayLike<number>, out: Float32Array): Float32Array {
  if (out.length !== logits.length) {
    throw new RangeError(`softmax output has ${out.length} slots for ${logits.length} logits`);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/**
 * The k highest scores, best first (ties keep the lower class index first). A partial
 * insertion pass: k is small (≤ 20) and the class count is 400, so no sort of the whole array.
 */
export function topK(
  scores: ArrayLike<number>,
  labels: readonly string[],
  k: number,
): LabelScore[] {
  const n = Math.min(k, scores.length);
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (best.length === n && s <= (scores[best[n - 1] as number] as number)) continue;
    let at = best.length;
    while (at > 0 && (scores[best[at - 1] as number] as number) < s) at--;
    best.splice(at, 0, i);
    if (best.length > n) best.pop();
  }
  return best.map((i) => ({ label: labels[i] ?? `class ${i}`, score: scores[i] as number }));
}

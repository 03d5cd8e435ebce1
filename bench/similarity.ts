export { cosineSimilarity } from '../tools/parity/metrics.js';

/** Element-wise mean of equally long vectors. */
export function meanVector(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (first === undefined) throw new RangeError('no vectors to average');
  const mean = new Float32Array(first.length);
  for (let i = 0; i < mean.length; i++) {
    let sum = 0;
    for (const v of vectors) sum += v[i] as number;
    mean[i] = sum / vectors.length;
  }
  return mean;
}

export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x - (b[i] as number));
}

/** Indices of the k largest values, largest first. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((x, y) => (values[y] as number) - (values[x] as number))
    .slice(0, k);
}

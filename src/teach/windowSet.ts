/**
 * Every example window: its embedding (row by row), its class (index into `labels`) and the
 * video it came from (index into `videos`), the unit cross-validation keeps together.
 */
export interface WindowSet {
  labels: readonly string[];
  videos: readonly string[];
  size: number;
  features: Float32Array;
  classOf: Int32Array;
  videoOf: Int32Array;
}

/** The windows at `rows`, in that order, as a set of their own. */
export function subset(set: WindowSet, rows: readonly number[]): WindowSet {
  const features = new Float32Array(rows.length * set.size);
  rows.forEach((row, i) => {
    features.set(set.features.subarray(row * set.size, (row + 1) * set.size), i * set.size);
  });
  return {
    ...set,
    features,
    classOf: Int32Array.from(rows, (row) => set.classOf[row] as number),
    videoOf: Int32Array.from(rows, (row) => set.videoOf[row] as number),
  };
}

import { topIndices } from './similarity.js';
import { median } from './stats.js';

/**
 * Whether a candidate's rank changes (top-1, top-5 against the reference) happen where the
 * reference itself barely ranks the classes apart. Two classes swap when the difference of
 * their logit errors exceeds the gap between them; with errors of spread σ across classes
 * that difference has spread √2·σ, so a gap under 2σ is within the error's reach and one over
 * it mostly is not. A random-weight model's logits are nearly flat, so its gaps are small and
 * the same small error reorders more of them than it would with trained weights.
 */
export interface RankMargins {
  windows: number;
  /** Median over windows of the reference's 5th minus 6th logit. */
  medianTop5Gap: number;
  /** Median over windows of the reference's 1st minus 2nd logit. */
  medianTop1Gap: number;
  /** Median over windows of the candidate's logit error's spread (its std across classes). */
  medianErrorSpread: number;
  /** Windows whose top-5 differs from the reference's, and how many of them had a gap < 2σ. */
  top5Changed: { windows: number; withinError: number };
  top1Changed: { windows: number; withinError: number };
  /** Mean top-5 overlap over the windows whose reference top-5 gap is at least 2σ (null if none). */
  top5OverlapClearWindows: number | null;
  clearWindows: number;
}

export function rankMargins(
  ref: readonly Float32Array[],
  cand: readonly Float32Array[],
): RankMargins {
  if (ref.length === 0 || ref.length !== cand.length) {
    throw new RangeError(
      `need the same positive number of windows, got ${ref.length} and ${cand.length}`,
    );
  }
  const top5Gaps: number[] = [];
  const top1Gaps: number[] = [];
  const spreads: number[] = [];
  const top5Changed = { windows: 0, withinError: 0 };
  const top1Changed = { windows: 0, withinError: 0 };
  let clearWindows = 0;
  let clearOverlap = 0;
  ref.forEach((r, i) => {
    const c = cand[i] as Float32Array;
    const order = topIndices(r, 6);
    const at = (k: number) => r[order[k] as number] as number;
    const top5Gap = at(4) - at(5);
    const top1Gap = at(0) - at(1);
    const spread = errorSpread(r, c);
    top5Gaps.push(top5Gap);
    top1Gaps.push(top1Gap);
    spreads.push(spread);
    const candTop5 = topIndices(c, 5);
    const overlap = order.slice(0, 5).filter((label) => candTop5.includes(label)).length / 5;
    if (overlap < 1) {
      top5Changed.windows += 1;
      if (top5Gap < 2 * spread) top5Changed.withinError += 1;
    }
    if (candTop5[0] !== order[0]) {
      top1Changed.windows += 1;
      if (top1Gap < 2 * spread) top1Changed.withinError += 1;
    }
    if (top5Gap >= 2 * spread) {
      clearWindows += 1;
      clearOverlap += overlap;
    }
  });
  return {
    windows: ref.length,
    medianTop5Gap: median(top5Gaps),
    medianTop1Gap: median(top1Gaps),
    medianErrorSpread: median(spreads),
    top5Changed,
    top1Changed,
    top5OverlapClearWindows: clearWindows === 0 ? null : clearOverlap / clearWindows,
    clearWindows,
  };
}

/** Standard deviation across classes of (candidate − reference): what can reorder classes. */
export function errorSpread(ref: Float32Array, cand: Float32Array): number {
  const n = ref.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (cand[k] as number) - (ref[k] as number);
  const mean = sum / n;
  let squares = 0;
  for (let k = 0; k < n; k++) {
    const d = (cand[k] as number) - (ref[k] as number) - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / n);
}

/** Two report lines: the reference's gaps against the candidate's error, and where ranks moved. */
export function describeRankMargins(m: RankMargins): string {
  const share = (n: number) => `${n} of ${m.windows}`;
  const clear =
    m.top5OverlapClearWindows === null
      ? 'no window has a top-5 gap of 2σ or more'
      : `top-5 overlap on the ${m.clearWindows} windows whose gap is 2σ or more: ${(m.top5OverlapClearWindows * 100).toFixed(1)} %`;
  return [
    `  reference's gaps (median): 1st−2nd ${m.medianTop1Gap.toExponential(2)}, 5th−6th ${m.medianTop5Gap.toExponential(2)}; candidate's logit error σ (median) ${m.medianErrorSpread.toExponential(2)}`,
    `  top-5 changed in ${share(m.top5Changed.windows)} windows (${m.top5Changed.withinError} with a gap under 2σ), top-1 in ${share(m.top1Changed.windows)} (${m.top1Changed.withinError} under 2σ); ${clear}`,
  ].join('\n');
}

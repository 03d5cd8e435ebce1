/** Summary of repeated timings in ms. */
export interface TimingSummary {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

export function summarize(samplesMs: readonly number[]): TimingSummary {
  if (samplesMs.length === 0) throw new RangeError('no samples to summarize');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    runs: sorted.length,
    medianMs: median,
    p95Ms: at(0.95),
    minMs: sorted[0] as number,
    maxMs: sorted[sorted.length - 1] as number,
    meanMs: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

/** Median of plain numbers (ratios, rates). */
export function median(values: readonly number[]): number {
  return summarize(values).medianMs;
}

/** Fixed-width text table, first column left-aligned, the rest right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** A figure over repeated rounds: its median and the smallest and largest round. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('no values to spread');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** `0.973 (0.95–0.99)`: median and range of rounds. */
export function formatSpread(spread: Spread, digits = 3): string {
  return `${spread.median.toFixed(digits)} (${spread.min.toFixed(digits)}–${spread.max.toFixed(digits)})`;
}

/**
 * The order of side-by-side cases in round `round`: as given in even rounds, reversed in odd
 * ones (A B, B A, A B, ...), so that a load that drifts, or whatever one case leaves behind
 * for the next (warm caches, spinning threads), weighs on every case alike.
 */
export function alternatingOrder<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

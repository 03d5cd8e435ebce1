import type { TeachOutcome } from './teachHead.js';

/** Said wherever a random-weight model's numbers appear: they test the mechanics only. */
export const RANDOM_WEIGHTS_TEACH_NOTE =
  'random weights — these figures test the mechanics, not recognition';

export interface ReportFacts {
  outcome: TeachOutcome;
  headPath: string;
  modelPath: string;
  randomWeights: boolean;
  leftOut: number;
  collectMs: number;
}

/** The --json report: one object with everything the text report says. */
export function jsonReport(facts: ReportFacts) {
  const { outcome } = facts;
  const cv = outcome.crossValidation;
  const windows = Object.values(outcome.windowsPerLabel).reduce((a, b) => a + b, 0);
  return {
    head: facts.headPath,
    name: outcome.head.name,
    model: facts.modelPath,
    random_weights: facts.randomWeights,
    ...(facts.randomWeights ? { note: RANDOM_WEIGHTS_TEACH_NOTE } : {}),
    labels: outcome.head.labels,
    background: outcome.head.background,
    windows,
    windows_per_label: outcome.windowsPerLabel,
    videos_per_label: outcome.videosPerLabel,
    windows_left_out: facts.leftOut,
    cross_validation: cv && {
      grouped_by: 'video',
      folds: cv.folds,
      accuracy: cv.accuracy,
      per_class: cv.perClass,
      confusion: { labels: outcome.head.labels, rows_true_columns_predicted: cv.confusion },
      precision_target: outcome.head.precisionTarget,
      thresholds: cv.thresholds,
    },
    training: { iterations: outcome.iterations, converged: outcome.converged },
    timing_ms: {
      embedding_windows: Math.round(facts.collectMs),
      per_window: windows > 0 ? Number((facts.collectMs / windows).toFixed(1)) : null,
      cross_validation: Math.round(outcome.crossValidationMs),
      training: Math.round(outcome.trainMs),
    },
  };
}

/** The same for a person: counts, the cross-validation table, confusion, thresholds. */
export function textReport(facts: ReportFacts): string {
  const report = jsonReport(facts);
  const lines = [
    `head '${report.name}': ${report.labels.length} classes (${report.labels.join(', ')}), ${report.windows} windows`,
    ...report.labels.map(
      (l) =>
        `  ${l}: ${report.windows_per_label[l]} windows from ${report.videos_per_label[l]} videos`,
    ),
    ...(report.windows_left_out > 0
      ? [`  ${report.windows_left_out} windows left out (they only graze a labelled span)`]
      : []),
    ...crossValidationLines(report.cross_validation),
    `speed: ${report.timing_ms.per_window} ms per window (embedding), cross-validation ${report.timing_ms.cross_validation} ms, training ${report.timing_ms.training} ms`,
    ...(facts.randomWeights ? [`NOTE: the model has ${RANDOM_WEIGHTS_TEACH_NOTE}`] : []),
    `head: ${report.head}`,
  ];
  return `${lines.join('\n')}\n`;
}

function crossValidationLines(cv: ReturnType<typeof jsonReport>['cross_validation']): string[] {
  if (cv === null) return ['cross-validation: not possible with a single video'];
  const pct = (x: number | null) => (x === null ? '   -' : `${(x * 100).toFixed(0).padStart(3)}%`);
  const width = Math.max(10, ...cv.confusion.labels.map((l) => l.length));
  return [
    `cross-validation, ${cv.folds} folds grouped by video: accuracy ${pct(cv.accuracy).trim()}`,
    `  ${'label'.padEnd(width)} precision recall   F1  windows`,
    ...cv.per_class.map(
      (c) =>
        `  ${c.label.padEnd(width)}      ${pct(c.precision)}   ${pct(c.recall)} ${pct(c.f1)}  ${c.support}`,
    ),
    `  confusion (rows: true, columns: predicted, in the order above):`,
    ...cv.confusion.rows_true_columns_predicted.map(
      (row, i) =>
        `  ${(cv.confusion.labels[i] as string).padEnd(width)} ${row.map((n) => String(n).padStart(5)).join('')}`,
    ),
    `  score threshold for ${pct(cv.precision_target).trim()} precision:`,
    ...Object.entries(cv.thresholds).map(([label, t]) =>
      t === null
        ? `  ${label.padEnd(width)} not reached`
        : `  ${label.padEnd(width)} ${t.threshold.toFixed(3)} (precision ${pct(t.precision).trim()}, recall ${pct(t.recall).trim()})`,
    ),
  ];
}

import type { TaughtHead } from './headFile.js';
import { HEAD_FORMAT } from './headFile.js';

/** Significant digits kept: far below any score difference that matters, and a small file. */
const DIGITS = 7;

const round = (x: number): number => Number(x.toPrecision(DIGITS));

/**
 * The head as its file's text. Same head, same bytes: fixed key order, numbers rounded the
 * same way, no dates or paths, so a head can be compared and committed.
 */
export function headFileText(head: TaughtHead): string {
  const size = head.backbone.embeddingSize;
  const rows = head.labels.map((_, c) =>
    Array.from(head.weights.subarray(c * size, (c + 1) * size), round),
  );
  const { backbone } = head;
  const json = {
    format: HEAD_FORMAT,
    name: head.name,
    labels: head.labels,
    background: head.background,
    backbone: {
      name: backbone.name,
      architecture: backbone.architecture,
      weights: backbone.weights,
      weights_sha256: backbone.weightsSha256,
      seed: backbone.seed,
      embedding_size: size,
    },
    precision_target: head.precisionTarget,
    thresholds: Object.fromEntries(
      Object.entries(head.thresholds).map(([label, t]) => [label, t === null ? null : round(t)]),
    ),
    training: head.training,
    normalization: { mean: Array.from(head.mean, round), std: Array.from(head.std, round) },
    bias: Array.from(head.bias, round),
    weights: rows,
  };
  // One line per field and per weight row: readable, diffable, and still plain JSON.
  const lines = Object.entries(json).map(([key, value]) =>
    key === 'weights'
      ? `"weights": [\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n ]`
      : `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${lines.map((line) => ` ${line}`).join(',\n')}\n}\n`;
}

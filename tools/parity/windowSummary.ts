import type { WindowsReference } from './goldens.js';
import { cosineSimilarity } from './metrics.js';

export interface WindowRow {
  file: string;
  lastFrame: number;
  tail: boolean;
  cosine: number;
  centredCosine: number;
  maxAbsDiff: number;
  sameTop1: boolean;
  theirs: Float32Array;
}

/**
 * The (d) numbers: per-window agreement with torchvision's pipeline, and as a yardstick how
 * similar torchvision's own windows of *different* clips are: a cosine near that baseline
 * would say nothing.
 */
export function summarizeWindows(rows: WindowRow[], reference: WindowsReference) {
  const compared = rows.length;
  const referenceWindows = reference.clips.reduce((n, c) => n + c.windows.length, 0);
  return {
    model: reference.model,
    windowsCompared: compared,
    referenceWindows,
    minCosine: Math.min(...rows.map((r) => r.cosine)),
    meanCosine: rows.reduce((s, r) => s + r.cosine, 0) / compared,
    minCentredCosine: Math.min(...rows.map((r) => r.centredCosine)),
    maxAbsDiff: Math.max(...rows.map((r) => r.maxAbsDiff)),
    top1Agreement: rows.filter((r) => r.sameTop1).length / compared,
    crossClipBaselineCosine: crossClipCosine(rows),
    perWindow: rows.map(({ file, lastFrame, tail, cosine, centredCosine, maxAbsDiff }) => ({
      file,
      lastFrame,
      tail,
      cosine: Number(cosine.toFixed(6)),
      centredCosine: Number(centredCosine.toFixed(6)),
      maxAbsDiff: Number(maxAbsDiff.toFixed(5)),
    })),
  };
}

/** Mean cosine between torchvision's windows of different clips. */
function crossClipCosine(rows: WindowRow[]): number {
  let sum = 0;
  let pairs = 0;
  for (const a of rows) {
    for (const b of rows) {
      if (a.file >= b.file) continue;
      sum += cosineSimilarity(a.theirs, b.theirs);
      pairs += 1;
    }
  }
  return pairs === 0 ? Number.NaN : sum / pairs;
}

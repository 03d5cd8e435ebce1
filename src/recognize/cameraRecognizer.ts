import type { LabelFilter } from './labelFilter.js';
import type { Recognition } from './recognizer.js';
import { type LabelScore, softmaxInto } from './scores.js';
import type { ScoreSmoother } from './smoothing.js';

/** One camera's smoothed view of a window: its best allowed labels and what crosses a bar. */
export interface SmoothedRecognition extends Recognition {
  /** Windows the scores were smoothed over (1 right after a reset). */
  windows: number;
  /** Allowed, non-silent labels whose smoothed score is at least `threshold`, best first. */
  atLeast(threshold: number): LabelScore[];
}

/**
 * softmax → smoothing over this camera's recent windows → the camera's label filter → top-k.
 * One per camera: the smoothing history belongs to one stream.
 */
export class CameraRecognizer {
  private readonly probabilities: Float32Array;

  /**
   * `silent`: labels shown in top-k but never held (a head's background class: "none of the
   * actions" is an answer worth showing, not an action to make events of).
   */
  constructor(
    private readonly filter: LabelFilter,
    private readonly smoother: ScoreSmoother,
    private readonly k: number,
    classes: number,
    private readonly silent: ReadonlySet<string> = new Set(),
  ) {
    this.probabilities = new Float32Array(classes);
  }

  /** `logits` may be a view the engine reuses: it is read before this returns. */
  recognize(logits: Float32Array): SmoothedRecognition {
    const smoothed = this.smoother.push(softmaxInto(logits, this.probabilities));
    const top = this.filter.topK(smoothed, this.k);
    const best = top[0] ?? { label: '', score: 0 };
    // A copy: the smoother's buffer changes with the next window.
    const scores = Float32Array.from(smoothed);
    return {
      label: best.label,
      score: best.score,
      topK: top,
      windows: this.smoother.depth,
      atLeast: (threshold) =>
        this.filter.atLeast(scores, threshold).filter((s) => !this.silent.has(s.label)),
    };
  }

  reset(): void {
    this.smoother.reset();
  }
}

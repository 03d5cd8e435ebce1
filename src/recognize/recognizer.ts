import { type LabelScore, softmaxInto, topK } from './scores.js';

export interface Recognition {
  label: string;
  score: number;
  topK: LabelScore[];
}

/** Turns one window's logits into class probabilities and the top-k labels. */
export class Recognizer {
  private readonly probabilities: Float32Array;

  constructor(
    private readonly labels: readonly string[],
    private readonly k: number,
  ) {
    this.probabilities = new Float32Array(labels.length);
  }

  recognize(logits: Float32Array): Recognition {
    const probabilities = softmaxInto(logits, this.probabilities);
    const top = topK(probabilities, this.labels, this.k);
    const best = top[0] as LabelScore;
    return { label: best.label, score: best.score, topK: top };
  }
}

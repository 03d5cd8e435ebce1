import type { TaughtHead } from './headFile.js';

/**
 * Applies a head to clip embeddings. It returns logits (one per head label), so that the
 * daemon's Recognizer turns them into probabilities and top-k as it does Kinetics logits.
 */
export class HeadScorer {
  readonly labels: readonly string[];
  readonly name: string;
  private readonly size: number;
  private readonly scaled: Float64Array;

  constructor(private readonly head: TaughtHead) {
    this.labels = head.labels;
    this.name = head.name;
    this.size = head.backbone.embeddingSize;
    this.scaled = new Float64Array(this.size);
  }

  /** Logits for the embedding in row `row` of `embeddings` (rows × embedding size). */
  logits(
    embeddings: Float32Array,
    row = 0,
    out = new Float32Array(this.labels.length),
  ): Float32Array {
    const { mean, std, weights, bias } = this.head;
    const offset = row * this.size;
    if (offset + this.size > embeddings.length) {
      throw new RangeError(
        `head '${this.name}' needs ${this.size}-value embeddings, got row ${row} of ${embeddings.length} values`,
      );
    }
    for (let j = 0; j < this.size; j++) {
      this.scaled[j] =
        ((embeddings[offset + j] as number) - (mean[j] as number)) / (std[j] as number);
    }
    for (let c = 0; c < this.labels.length; c++) {
      let z = bias[c] as number;
      const base = c * this.size;
      for (let j = 0; j < this.size; j++)
        z += (weights[base + j] as number) * (this.scaled[j] as number);
      out[c] = z;
    }
    return out;
  }
}

import type { LabelScore } from './scores.js';

/** A label named in the configuration that the model does not have. */
export class UnknownLabelError extends Error {
  override readonly name = 'UnknownLabelError';
}

/**
 * YAML writers type `arm_wrestling` or `Arm Wrestling` for Kinetics' `arm wrestling`; all
 * three mean the same class.
 */
function normalize(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

/** The model's labels, looked up by their forgiving spelling. */
export class LabelIndex {
  private readonly byName = new Map<string, number>();

  constructor(readonly labels: readonly string[]) {
    labels.forEach((label, index) => {
      if (!this.byName.has(normalize(label))) this.byName.set(normalize(label), index);
    });
  }

  indexOf(label: string): number | undefined {
    return this.byName.get(normalize(label));
  }

  /**
   * Class indices of `given` (from the configuration at `where`, e.g. `cameras[0].labels`).
   * Throws one error naming every unknown label.
   */
  resolve(given: readonly string[], where: string): number[] {
    const unknown = given.filter((label) => this.indexOf(label) === undefined);
    if (unknown.length > 0) {
      const names = unknown.map((label) => JSON.stringify(label)).join(', ');
      throw new UnknownLabelError(
        `${where}: ${names} ${unknown.length === 1 ? 'is not a label' : 'are not labels'} of the model (it has ${this.labels.length} labels, e.g. ${JSON.stringify(this.labels[0] ?? '')})`,
      );
    }
    return [...new Set(given.map((label) => this.indexOf(label) as number))];
  }
}

/**
 * The classes one camera reports: all of them, or those its site cares about. Scores stay the
 * model's probabilities over all classes (not renormalized), so a filtered camera reports
 * 0.2 for a label the model gives 0.2, whatever the other labels do.
 */
export class LabelFilter {
  private readonly indices: number[] | null;

  /** `allowed` empty = every class. */
  constructor(
    private readonly labels: readonly string[],
    allowed: readonly number[] = [],
  ) {
    this.indices = allowed.length === 0 ? null : [...allowed].sort((a, b) => a - b);
  }

  get filtering(): boolean {
    return this.indices !== null;
  }

  /** The k best allowed labels, best first (ties: lower class index first). */
  topK(scores: ArrayLike<number>, k: number): LabelScore[] {
    const all = this.scored(scores, () => true);
    return all.slice(0, Math.max(0, k));
  }

  /** Allowed labels scoring at least `threshold`, best first. */
  atLeast(scores: ArrayLike<number>, threshold: number): LabelScore[] {
    return this.scored(scores, (score) => score >= threshold);
  }

  private scored(scores: ArrayLike<number>, keep: (score: number) => boolean): LabelScore[] {
    const picked: { index: number; score: number }[] = [];
    const visit = (index: number): void => {
      const score = scores[index] as number;
      if (keep(score)) picked.push({ index, score });
    };
    if (this.indices === null) {
      for (let i = 0; i < scores.length; i++) visit(i);
    } else {
      for (const index of this.indices) visit(index);
    }
    picked.sort((a, b) => b.score - a.score || a.index - b.index);
    return picked.map(({ index, score }) => ({
      label: this.labels[index] ?? `class ${index}`,
      score,
    }));
  }
}

import type { CameraRecognizer, SmoothedRecognition } from './cameraRecognizer.js';
import type { HeldScore } from './eventTracker.js';

/** Turns one clip embedding into one logit per head label (the model's HeadScorer). */
export interface EmbeddingHead {
  readonly name: string;
  logits(embedding: Float32Array): Float32Array;
}

/** One label source's smoothed view of a window: the model's own labels, or a head's. */
export interface SourcedRecognition {
  /** What payloads call `labels_from`: the head's name, or the model's for its own labels. */
  labelsFrom: string;
  /** The head's name; null for the model's own labels. */
  head: string | null;
  recognition: SmoothedRecognition;
}

export interface CameraWindowRecognition {
  /** What the camera's action shows: the head's view when it has one, else the model's. */
  primary: SourcedRecognition;
  /** The model's labels beside a head's, when the camera keeps them; null otherwise. */
  alongside: SourcedRecognition | null;
  /** Labels of every source at or above `threshold`, for the event tracker. */
  atLeast(threshold: number): HeldScore[];
}

/**
 * Everything one camera recognizes in a window: the model's labels from its logits and, when
 * the camera has a taught head, the head's labels from the clip embedding. Each source has its
 * own smoothing; their labels go to the same event tracker and alert rules.
 */
export class CameraRecognition {
  constructor(
    private readonly model: { labelsFrom: string; recognizer: CameraRecognizer } | null,
    private readonly head: { scorer: EmbeddingHead; recognizer: CameraRecognizer } | null,
  ) {
    if (model === null && head === null) {
      throw new RangeError('a camera needs the model labels, a head, or both');
    }
  }

  /** Whether its windows need the clip embedding (the scheduler asks the engine for it). */
  get needsEmbedding(): boolean {
    return this.head !== null;
  }

  /**
   * `logits` and `embedding` may be views the engine reuses: both are read before this
   * returns. Throws when the camera has a head and no embedding came with the window.
   */
  recognize(logits: Float32Array, embedding: Float32Array | undefined): CameraWindowRecognition {
    const fromModel = this.model && {
      labelsFrom: this.model.labelsFrom,
      head: null,
      recognition: this.model.recognizer.recognize(logits),
    };
    const fromHead = this.head && this.recognizeHead(this.head, embedding);
    const sources = [fromHead, fromModel].filter((s): s is SourcedRecognition => s !== null);
    return {
      primary: sources[0] as SourcedRecognition,
      alongside: fromHead !== null ? fromModel : null,
      atLeast: (threshold) =>
        sources.flatMap(({ head, recognition }) =>
          recognition.atLeast(threshold).map((score) => ({ ...score, head })),
        ),
    };
  }

  reset(): void {
    this.model?.recognizer.reset();
    this.head?.recognizer.reset();
  }

  private recognizeHead(
    head: { scorer: EmbeddingHead; recognizer: CameraRecognizer },
    embedding: Float32Array | undefined,
  ): SourcedRecognition {
    const { name } = head.scorer;
    if (embedding === undefined) {
      throw new RangeError(`head '${name}' needs the clip embedding, but the window has none`);
    }
    const recognition = head.recognizer.recognize(head.scorer.logits(embedding));
    return { labelsFrom: name, head: name, recognition };
  }
}

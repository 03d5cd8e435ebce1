import type { ModelCard } from '../modelCard.js';
import { backboneDifferences, backboneOf, describeBackbone } from './backbone.js';
import type { TaughtHead } from './headFile.js';

/** A head that cannot be used with the loaded model: a configuration error (exit 78). */
export class HeadMismatchError extends Error {
  override readonly name = 'HeadMismatchError';
}

/**
 * Throws HeadMismatchError, naming both files and both backbones, unless the head was taught
 * on this model's embeddings.
 */
export function checkHeadFitsModel(
  head: TaughtHead,
  headPath: string,
  card: ModelCard,
  modelPath: string,
): void {
  const model = backboneOf(card);
  if (model === null) {
    throw new HeadMismatchError(
      `head ${headPath} needs the model's embedding output, but ${modelPath} gives logits only ` +
        '(re-export it with models/export_mvit.py)',
    );
  }
  const differences = backboneDifferences(head.backbone, model);
  if (differences.length > 0) {
    throw new HeadMismatchError(
      `head ${headPath} was taught on ${describeBackbone(head.backbone)}, not on the model ` +
        `${modelPath}, ${describeBackbone(model)} (they differ in ${differences.join(', ')})`,
    );
  }
}

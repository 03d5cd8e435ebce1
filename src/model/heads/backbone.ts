import type { ModelCard } from '../modelCard.js';

/**
 * What makes one model's embeddings comparable with another's: the same architecture and
 * weights (named, hashed or seeded) and the same embedding width. A head taught on one
 * backbone gives meaningless scores on any other, so it is refused there.
 */
export interface BackboneIdentity {
  name: string;
  architecture: string;
  weights: string;
  weightsSha256: string | null;
  seed: number | null;
  embeddingSize: number;
}

/** The identity of a model with an embedding output; null for a logits-only model. */
export function backboneOf(card: ModelCard): BackboneIdentity | null {
  if (card.embedding === null) return null;
  const { name, architecture, weights, weightsSha256, seed } = card;
  return { name, architecture, weights, weightsSha256, seed, embeddingSize: card.embedding.size };
}

/** One short phrase a person recognizes a model by: `mvit_tiny (random weights, seed 0, 32-d)`. */
export function describeBackbone(backbone: BackboneIdentity): string {
  const weights =
    backbone.weights === 'random'
      ? `random weights, seed ${backbone.seed ?? 'unknown'}`
      : `weights ${backbone.weights}${backbone.weightsSha256 ? ` ${backbone.weightsSha256.slice(0, 8)}` : ''}`;
  return `${backbone.name} (${weights}, ${backbone.embeddingSize}-d embedding)`;
}

/** The fields on which two identities differ, empty when they are the same backbone. */
export function backboneDifferences(a: BackboneIdentity, b: BackboneIdentity): string[] {
  const keys = [
    'name',
    'architecture',
    'weights',
    'weightsSha256',
    'seed',
    'embeddingSize',
  ] as const;
  return keys.filter((key) => a[key] !== b[key]);
}

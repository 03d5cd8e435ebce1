import { writeFileSync } from 'node:fs';
import {
  type BackboneIdentity,
  backboneOf,
  headFileText,
  type TaughtHead,
} from '../../src/model/heads/index.js';
import { defaultCardPath, loadModelCard } from '../../src/model/index.js';
import { tinyModel } from './daemonProcess.js';

/** The tiny fixture model's backbone identity (random weights, seed 0, 32-d embedding). */
export function tinyBackbone(): BackboneIdentity {
  return backboneOf(loadModelCard(defaultCardPath(tinyModel))) as BackboneIdentity;
}

/**
 * A hand-made head on the tiny model's embedding: label i (after the background, label 0)
 * rises with embedding feature i - 1, so a test sets the winner by the embedding it passes.
 */
export function handMadeHead(
  name: string,
  labels: readonly string[],
  backbone: BackboneIdentity = tinyBackbone(),
): TaughtHead {
  const size = backbone.embeddingSize;
  const weights = new Float64Array(labels.length * size);
  for (let c = 1; c < labels.length; c++) weights[c * size + (c - 1)] = 4;
  return {
    name,
    labels,
    background: labels[0] as string,
    backbone,
    mean: new Float64Array(size),
    std: new Float64Array(size).fill(1),
    weights,
    bias: new Float64Array(labels.length),
    thresholds: {},
    precisionTarget: 0.9,
    training: {},
  };
}

export function writeHead(file: string, head: TaughtHead): string {
  writeFileSync(file, headFileText(head));
  return file;
}

import { describe, expect, it } from 'vitest';
import { defaultCardPath, loadModelCard } from '../../src/model/index.js';
import { type SessionDescription, sessionMismatches } from '../../src/model/sessionContract.js';
import { tinyModelPath } from './support.js';

const card = loadModelCard(defaultCardPath(tinyModelPath));
/** The same model as exported before the embedding output. */
const logitsOnlyCard = { ...card, embedding: null };

function session(overrides: Partial<SessionDescription> = {}): SessionDescription {
  return {
    inputNames: ['frames'],
    outputNames: ['logits', 'embedding'],
    inputMetadata: [
      { name: 'frames', isTensor: true, type: 'uint8', shape: ['batch', 16, 64, 64, 3] },
    ],
    outputMetadata: [
      { name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 400] },
      { name: 'embedding', isTensor: true, type: 'float32', shape: ['batch', 32] },
    ],
    ...overrides,
  };
}

describe('sessionMismatches', () => {
  it('accepts a graph that matches its card', () => {
    expect(sessionMismatches(session(), card, 400, 4)).toEqual([]);
  });

  it('accepts a logits-only graph whose card names no embedding', () => {
    const graph = session({ outputNames: ['logits'] });
    expect(sessionMismatches(graph, { ...card, embedding: null }, 400, 1)).toEqual([]);
  });

  it('names a missing or misshapen embedding output', () => {
    expect(sessionMismatches({ ...session(), outputNames: ['logits'] }, card, 400, 1)).toEqual([
      "has no output 'embedding' that its card names as the embedding (its outputs: 'logits')",
    ]);
    const wide = session({
      outputMetadata: [
        { name: 'embedding', isTensor: true, type: 'float32', shape: ['batch', 768] },
      ],
    });
    expect(sessionMismatches(wide, card, 400, 1)).toEqual([
      "output 'embedding' has shape [batch, 768] but its card says [batch, 32]",
    ]);
  });

  it('names missing inputs and outputs with what the graph has', () => {
    const graph = session({ inputNames: ['clip'], outputNames: ['scores', 'features'] });
    expect(sessionMismatches(graph, logitsOnlyCard, 400, 1)).toEqual([
      "has no input 'frames' (its inputs: 'clip')",
      "has no output 'logits' (its outputs: 'scores', 'features')",
    ]);
  });

  it('reports dtype, frame size, clip length and batch mismatches', () => {
    const graph = session({
      inputMetadata: [
        { name: 'frames', isTensor: true, type: 'float32', shape: [1, 8, 224, 224, 3] },
      ],
    });
    expect(sessionMismatches(graph, card, 400, 2)).toEqual([
      "input 'frames' is float32 but its card says uint8",
      "input 'frames' has a fixed batch size of 1 but model.maxBatch is 2",
      "input 'frames' has clips of 8 frames but its card says 16",
      "input 'frames' has 224x224 frames but its card says 64x64",
    ]);
  });

  it('reads NCTHW shapes in their own order', () => {
    const ncthw = { ...card, input: { ...card.input, layout: 'NCTHW' as const } };
    const graph = session({
      inputMetadata: [
        { name: 'frames', isTensor: true, type: 'uint8', shape: ['n', 1, 16, 64, 64] },
      ],
    });
    expect(sessionMismatches(graph, ncthw, 400, 1)).toEqual([
      "input 'frames' has 1 channels where its NCTHW card needs 3 (RGB)",
    ]);
  });

  it('reports a wrong rank and an output width that does not match the labels', () => {
    const graph = session({
      inputMetadata: [{ name: 'frames', isTensor: true, type: 'uint8', shape: ['n', 64, 64, 3] }],
      outputMetadata: [{ name: 'logits', isTensor: true, type: 'float32', shape: ['n', 600] }],
    });
    expect(sessionMismatches(graph, card, 400, 1)).toEqual([
      "input 'frames' has rank 4 [n, 64, 64, 3] but a NTHWC clip needs rank 5",
      "output 'logits' has 600 classes but there are 400 labels",
    ]);
  });

  it('checks names only when the runtime exposes no metadata', () => {
    const graph = { inputNames: ['frames'], outputNames: ['logits'] };
    expect(sessionMismatches(graph, logitsOnlyCard, 400, 8)).toEqual([]);
  });
});

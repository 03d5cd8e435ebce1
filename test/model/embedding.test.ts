import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { defaultCardPath, InferenceEngine } from '../../src/model/index.js';
import { labelsPath, scratchDir, tinyModelPath } from './support.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

function load(cardPath?: string, maxBatch = 2) {
  return InferenceEngine.load({
    modelPath: tinyModelPath,
    ...(cardPath && { cardPath }),
    labelsPath,
    providers: ['cpu'],
    threads: 1,
    maxBatch,
    logger: silentLogger(),
  });
}

describe('the embedding output', () => {
  it('comes back row by row beside the logits, as each clip alone gives it', async () => {
    const engine = await load();
    try {
      expect(engine.embeddingSize).toBe(32);
      engine.clipSlot(0).fill(10);
      engine.clipSlot(1).fill(200);
      const both = await engine.runWithEmbeddings(2);
      expect(both.logits).toHaveLength(800);
      expect(both.embeddings).toHaveLength(64);
      engine.clipSlot(0).fill(200);
      const alone = await engine.runWithEmbeddings(1);
      const row1 = Array.from((both.embeddings as Float32Array).subarray(32));
      Array.from(alone.embeddings as Float32Array).forEach((v, i) => {
        expect(v).toBeCloseTo(row1[i] as number, 4);
      });
      expect(await engine.run(1)).toHaveLength(400);
    } finally {
      await engine.close();
    }
  });

  it('is left alone when the card names none, as for a model exported before it', async () => {
    const card = JSON.parse(readFileSync(defaultCardPath(tinyModelPath), 'utf8'));
    delete card.embedding;
    const cardPath = path.join(scratch.dir, 'logits_only.card.json');
    writeFileSync(cardPath, JSON.stringify(card));
    const engine = await load(cardPath, 1);
    try {
      expect(engine.embeddingSize).toBeNull();
      const outputs = await engine.runWithEmbeddings(1);
      expect(outputs.embeddings).toBeNull();
      expect(outputs.logits).toHaveLength(400);
    } finally {
      await engine.close();
    }
  });
});

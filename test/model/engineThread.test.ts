import { describe, expect, it } from 'vitest';
import { InferenceEngine } from '../../src/model/index.js';
import { capturingLogger, fillPseudoRandom, labelsPath, tinyModelPath } from './support.js';

// onnxruntime-node runs a session synchronously inside its promise; on the daemon's thread a
// full MViT-B run would stop ffmpeg's pipes, MQTT and every timer for a second or more.
describe('InferenceEngine runs off the event loop', () => {
  it('lets the event loop turn while a run is in flight, and gives the same logits again', async () => {
    const engine = await InferenceEngine.load({
      modelPath: tinyModelPath,
      labelsPath,
      providers: ['cpu'],
      threads: 1,
      maxBatch: 2,
      logger: capturingLogger().logger,
    });
    try {
      fillPseudoRandom(engine.clipSlot(0), 3);
      fillPseudoRandom(engine.clipSlot(1), 4);
      const first = (await engine.run(2)).slice();
      let turns = 0;
      let running = true;
      const turn = () => {
        turns += 1;
        if (running) setImmediate(turn);
      };
      setImmediate(turn);
      const again = await engine.run(2);
      running = false;
      // Blocked, the loop would turn once or twice; free, it turns for the whole run.
      expect(turns).toBeGreaterThan(20);
      expect([...again]).toEqual([...first]);
    } finally {
      await engine.close();
    }
  });
});

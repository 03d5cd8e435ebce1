import { describe, expect, it } from 'vitest';
import { InferenceEngine } from '../../src/model/index.js';
import { capturingLogger, labelsPath, tinyModelPath } from './support.js';

const WARN = 40;

// CUDA and TensorRT are known to onnxruntime-node's Linux build but their libraries come from
// the user; without them (CI, most machines) each one tried must fail with one clear line
// naming the provider, what to install and what comes next. With them, the first one wins.
describe('GPU execution providers that cannot start', () => {
  it('falls from tensorrt to cuda to cpu, one warning each, and still runs', async () => {
    const { logger, lines } = capturingLogger();
    const engine = await InferenceEngine.load({
      modelPath: tinyModelPath,
      labelsPath,
      providers: ['tensorrt', 'cuda', 'cpu'],
      threads: 1,
      maxBatch: 1,
      logger,
    });
    try {
      if (engine.provider === 'cpu') {
        const warned = lines.filter((l) => l.level === WARN && typeof l.provider === 'string');
        expect(warned.map((l) => [l.provider, l.next])).toEqual([
          ['tensorrt', 'cuda'],
          ['cuda', 'cpu'],
        ]);
        expect(warned[0]?.msg).toMatch(
          /^execution provider 'tensorrt' failed to start: .+ \(tensorrt needs TensorRT .+\); falling back to 'cuda'$/,
        );
        expect(warned[1]?.msg).toMatch(
          /^execution provider 'cuda' failed to start: .+ \(cuda needs the NVIDIA driver, CUDA 12 and cuDNN 9.+\); falling back to 'cpu'$/,
        );
      } else {
        expect(['tensorrt', 'cuda']).toContain(engine.provider);
      }
      engine.clipSlot(0).fill(100);
      expect(await engine.run(1)).toHaveLength(400);
    } finally {
      await engine.close();
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InferenceEngine } from '../../src/model/index.js';
import { capturingLogger, labelsPath, repoRoot } from './support.js';

const WARN = 40;

// No Vulkan driver for this test file's process (vitest runs each file in its own): WebGPU finds
// no adapter, as on a machine without a GPU driver. The loader reads this when the first
// webgpu session starts.
process.env.VK_ICD_FILENAMES = path.join(repoRoot, 'test/fixtures/no-such-vulkan-driver.json');

describe('a webgpu provider that cannot start', () => {
  it('falls back to cpu with one clear log line', async () => {
    const { logger, lines } = capturingLogger();
    const engine = await InferenceEngine.load({
      modelPath: path.join(repoRoot, 'test/fixtures/tiny_mvit_webgpu.onnx'),
      labelsPath,
      providers: ['webgpu', 'cpu'],
      threads: 1,
      maxBatch: 1,
      logger,
    });
    try {
      expect(engine.provider).toBe('cpu');
      const warned = lines.filter((l) => l.level === WARN && l.provider === 'webgpu');
      expect(warned).toHaveLength(1);
      expect(warned[0]?.msg).toMatch(
        /^execution provider 'webgpu' failed to start: .*adapter.* \(webgpu needs a GPU with a Vulkan driver .+\); falling back to 'cpu'$/,
      );
      engine.clipSlot(0).fill(128);
      expect(await engine.run(1)).toHaveLength(400);
    } finally {
      await engine.close();
    }
  });
});

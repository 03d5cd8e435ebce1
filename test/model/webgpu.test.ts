import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InferenceEngine } from '../../src/model/index.js';
import { webgpuTestsRun } from '../helpers/vulkan.js';
import {
  capturingLogger,
  fillPseudoRandom,
  labelsPath,
  repoRoot,
  tinyModelPath,
} from './support.js';

const WARN = 40;
const tinyWebgpuModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_webgpu.onnx');

function loadEngine(modelPath: string, providers: ('webgpu' | 'cpu')[]) {
  const { logger, lines } = capturingLogger();
  const engine = InferenceEngine.load({
    modelPath,
    labelsPath,
    providers,
    threads: 1,
    maxBatch: 2,
    logger,
  });
  return { engine, lines };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

// On a software Vulkan (Mesa's lavapipe) in CI, on a GPU's driver elsewhere.
describe.runIf(webgpuTestsRun)('the webgpu provider', () => {
  it('runs the webgpu graph with the logits the cpu graph gives on cpu', async () => {
    const gpu = loadEngine(tinyWebgpuModelPath, ['webgpu', 'cpu']);
    const cpu = loadEngine(tinyModelPath, ['cpu']);
    const [onGpu, onCpu] = await Promise.all([gpu.engine, cpu.engine]);
    try {
      expect(onGpu.provider).toBe('webgpu');
      expect(onGpu.card.target).toBe('webgpu');
      expect(gpu.lines.filter((l) => l.level >= WARN && l.provider === 'webgpu')).toEqual([]);
      for (const slot of [0, 1]) {
        fillPseudoRandom(onGpu.clipSlot(slot), 11 + slot);
        onCpu.clipSlot(slot).set(onGpu.clipSlot(slot));
      }
      expect(maxAbsDiff(await onGpu.run(2), await onCpu.run(2))).toBeLessThanOrEqual(1e-3);
    } finally {
      await Promise.all([onGpu.close(), onCpu.close()]);
    }
  });

  it('falls back to cpu with one log line when the graph starts but cannot run', async () => {
    // The cpu graph keeps MViT's depthwise Conv3d, which the webgpu provider does not
    // implement: its session starts, then every run fails.
    const { engine, lines } = loadEngine(tinyModelPath, ['webgpu', 'cpu']);
    const loaded = await engine;
    try {
      expect(loaded.provider).toBe('cpu');
      const warned = lines.filter((l) => l.level === WARN && l.provider === 'webgpu');
      expect(warned).toHaveLength(1);
      expect(warned[0]?.msg).toMatch(
        /^execution provider 'webgpu' started but failed its first run: .*grouped convolution.* \(this model was exported for 'cpu'; export_mvit.py --target webgpu .+\); falling back to 'cpu'$/,
      );
      loaded.clipSlot(0).fill(128);
      expect(await loaded.run(1)).toHaveLength(400);
    } finally {
      await loaded.close();
    }
  });
});

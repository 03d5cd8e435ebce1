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
const tinyFloat16ModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_webgpu_fp16.onnx');
// torchvision's graph as it is (export_mvit.py --rewrites none), with MViT's depthwise Conv3d.
const tinyConv3dModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_conv3d.onnx');
// Software Vulkan on a busy 2-core machine: a first run compiles every shader on the CPU.
const WEBGPU_TEST_MS = 180_000;

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

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    aa += (a[i] ?? 0) ** 2;
    bb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(aa * bb);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

// On a software Vulkan (Mesa's lavapipe) in CI, on a GPU's driver elsewhere.
describe.runIf(webgpuTestsRun)('the webgpu provider', { timeout: WEBGPU_TEST_MS }, () => {
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
    // A cpu graph that keeps MViT's depthwise Conv3d, which the webgpu provider does not
    // implement: its session starts, then every run fails. (The default cpu graph computes
    // them as depthwise Conv2d, which webgpu runs.)
    const { engine, lines } = loadEngine(tinyConv3dModelPath, ['webgpu', 'cpu']);
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

  it('runs the float16 graph close to the float32 one', async () => {
    const half = loadEngine(tinyFloat16ModelPath, ['webgpu', 'cpu']);
    const full = loadEngine(tinyWebgpuModelPath, ['cpu']);
    const [onGpu, onCpu] = await Promise.all([half.engine, full.engine]);
    try {
      expect(onGpu.provider).toBe('webgpu');
      expect(onGpu.card).toMatchObject({ target: 'webgpu', precision: 'float16' });
      for (const slot of [0, 1]) {
        fillPseudoRandom(onGpu.clipSlot(slot), 21 + slot);
        onCpu.clipSlot(slot).set(onGpu.clipSlot(slot));
      }
      const [a, b] = [await onGpu.run(2), await onCpu.run(2)];
      // Measured on lavapipe over 29 windows of the labelled clips: max |diff| 0.016.
      expect(maxAbsDiff(a, b)).toBeLessThan(0.05);
      for (const row of [0, 1]) {
        const [x, y] = [
          a.subarray(row * 400, row * 400 + 400),
          b.subarray(row * 400, row * 400 + 400),
        ];
        expect(cosine(x, y)).toBeGreaterThan(0.9999);
      }
    } finally {
      await Promise.all([onGpu.close(), onCpu.close()]);
    }
  });
});

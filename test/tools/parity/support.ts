import path from 'node:path';
import { silentLogger } from '../../../src/log/index.js';
import { InferenceEngine } from '../../../src/model/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const goldenDir = path.join(repoRoot, 'test/fixtures/parity');
export const clipsDir = path.resolve(repoRoot, '../shared/clips');
export const labelsPath = path.join(repoRoot, 'labels.txt');
export const tinyModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit.onnx');
export const tinyInt8ModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_int8.onnx');
export const tinyF32ModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_f32.onnx');
export const ffmpegPath = '/usr/bin/ffmpeg';

export function golden(name: string): string {
  return path.join(goldenDir, name);
}

export function clip(file: string): string {
  return path.join(clipsDir, file);
}

export function loadEngine(modelPath: string, maxBatch = 1): Promise<InferenceEngine> {
  return InferenceEngine.load({
    modelPath,
    labelsPath,
    providers: ['cpu'],
    threads: 1,
    maxBatch,
    logger: silentLogger(),
  });
}

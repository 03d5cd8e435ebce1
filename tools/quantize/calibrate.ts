import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { engineSessionOptions, type ModelCard } from '../../src/model/index.js';
import { decodeLikeTheDaemon } from '../parity/ffmpegFrames.js';
import { RangeAccumulator, type TensorRange } from './rangeStats.js';

export interface CalibrationOptions {
  /** The float32 model with the tensors to measure added as outputs (quantize_static.py). */
  modelPath: string;
  card: ModelCard;
  tensors: string[];
  clips: string[];
  /** Sampled frames between window starts. */
  stride: number;
  percentile: number;
  threads: number;
  ffmpegPath: string;
  scaleFlags: string;
  /** Called after each window, for progress lines. */
  onWindow?: (clip: string, start: number) => void;
}

export interface Calibration {
  clips: Array<{ file: string; windows: number }>;
  windows: number;
  stride: number;
  percentile: number;
  tensors: Record<string, TensorRange>;
}

/**
 * Runs windows of real clips, decoded by the daemon's own ffmpeg argv and cut the way the
 * daemon cuts them (clip_length sampled frames, `stride` apart), through the float32 model and
 * records the range of every tensor a quantized op will read or write.
 */
export async function calibrate(opts: CalibrationOptions): Promise<Calibration> {
  const { card } = opts;
  if (card.input.dtype !== 'uint8' || card.input.layout !== 'NTHWC') {
    throw new Error('calibration feeds uint8 NTHWC frames; export the model with --input uint8');
  }
  const session = await InferenceSession.create(opts.modelPath, engineSessionOptions(opts.threads));
  const missing = opts.tensors.filter((name) => !session.outputNames.includes(name));
  if (missing.length > 0) {
    await session.release();
    throw new Error(`${opts.modelPath} does not output ${missing.slice(0, 3).join(', ')}...`);
  }
  const ranges = new Map(opts.tensors.map((name) => [name, new RangeAccumulator(opts.percentile)]));
  const clips: Calibration['clips'] = [];
  const size = card.cropSize;
  const dims = [1, card.clipLength, size, size, 3];
  try {
    for (const clip of opts.clips) {
      const frames = await decodeLikeTheDaemon(opts.ffmpegPath, clip, {
        cropSize: size,
        resizeShortSide: card.resizeShortSide,
        fps: card.fps,
        scaleFlags: opts.scaleFlags,
      });
      let windows = 0;
      for (let start = 0; start + card.clipLength <= frames.length; start += opts.stride) {
        const window = new Uint8Array(card.clipLength * size * size * 3);
        for (let i = 0; i < card.clipLength; i++) {
          window.set(frames[start + i] as Uint8Array, i * size * size * 3);
        }
        const outputs = await session.run(
          { [card.input.name]: new Tensor('uint8', window, dims) },
          opts.tensors,
        );
        for (const [name, accumulator] of ranges) {
          const output = outputs[name];
          accumulator.add(output?.data as Float32Array, Number(output?.dims.at(-1) ?? 1));
        }
        windows += 1;
        opts.onWindow?.(clip, start);
      }
      clips.push({ file: path.basename(clip), windows });
    }
  } finally {
    await session.release();
  }
  return {
    clips,
    windows: clips.reduce((sum, c) => sum + c.windows, 0),
    stride: opts.stride,
    percentile: opts.percentile,
    tensors: Object.fromEntries([...ranges].map(([name, acc]) => [name, acc.result()])),
  };
}

export function readTensorList(file: string): string[] {
  const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list) || list.some((name) => typeof name !== 'string')) {
    throw new Error(`${file}: expected a JSON array of tensor names`);
  }
  return list as string[];
}

export function writeCalibration(file: string, calibration: Calibration): void {
  writeFileSync(file, `${JSON.stringify(calibration, null, 1)}\n`);
}

import { readFileSync } from 'node:fs';

/**
 * The reference data models/parity/harness.py writes (the committed goldens under
 * test/fixtures/parity, or the full harness's work folder), read into typed objects.
 */

export interface FixedFramesReference {
  model: string;
  clips: number;
  frames: number;
  size: number;
  /** One row of class logits per clip. */
  logits: number[][];
}

export interface ClipSampling {
  file: string;
  /** Decoded frames in the file. */
  frames: number;
  /** Average frame rate, e.g. 28. */
  fps: number;
  /** torchvision's sampled frame indices at the model's fps. */
  indices: number[];
}

export interface WindowReference {
  /** Sampled-frame index of the window's last frame. */
  lastFrame: number;
  /** The extra window that ends at the last sampled frame, off the stride grid. */
  tail: boolean;
  logits: Float32Array;
}

export interface WindowsReference {
  model: string;
  stride: number;
  clipLength: number;
  clips: { file: string; windows: WindowReference[] }[];
}

export interface CropReference {
  file: string;
  sampledFrame: number;
  resize: number;
  crop: number;
  antialias: boolean;
  /** The patch of the crop the image holds: top-left corner and side. */
  x: number;
  y: number;
  size: number;
  png: string;
}

export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read reference data: ${(err as Error).message}`);
  }
}

export function loadFixedFrames(path: string): FixedFramesReference {
  return readJson(path) as FixedFramesReference;
}

export function loadSampling(path: string): { modelFps: number; clips: ClipSampling[] } {
  const json = readJson(path) as {
    model_fps: number;
    clips: { file: string; frames: number; fps: string; indices: number[] }[];
  };
  return {
    modelFps: json.model_fps,
    clips: json.clips.map((c) => ({ ...c, fps: parseRate(c.fps) })),
  };
}

export function loadWindows(path: string): WindowsReference {
  const json = readJson(path) as {
    model: string;
    stride: number;
    clip_length: number;
    clips: {
      file: string;
      windows: { last_frame: number; tail: boolean; logits_f32le_b64: string }[];
    }[];
  };
  return {
    model: json.model,
    stride: json.stride,
    clipLength: json.clip_length,
    clips: json.clips.map((clip) => ({
      file: clip.file,
      windows: clip.windows.map((w) => ({
        lastFrame: w.last_frame,
        tail: w.tail,
        logits: float32FromBase64(w.logits_f32le_b64),
      })),
    })),
  };
}

export function loadCrops(path: string): CropReference[] {
  // The python harness writes sampledFrame in snake case; everything else is the same.
  const json = readJson(path) as {
    crops: Array<Omit<CropReference, 'sampledFrame'> & { sampled_frame: number }>;
  };
  return json.crops.map(({ sampled_frame, ...rest }) => ({ ...rest, sampledFrame: sampled_frame }));
}

/** '28/1' or '30000/1001' → frames per second. */
export function parseRate(rate: string): number {
  const [num, den = '1'] = rate.split('/');
  const value = Number(num) / Number(den);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`not a frame rate: '${rate}'`);
  return value;
}

function float32FromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into an aligned buffer: a Buffer may start at any byte offset of its pool.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  // Typed arrays use the platform's byte order, little-endian on every platform Node runs on.
  return new Float32Array(copy.buffer);
}

import path from 'node:path';
import { classifyVideo } from '../../src/classify/index.js';
import type { Logger } from '../../src/log/index.js';
import type { InferenceEngine } from '../../src/model/index.js';
import { decodeLikeTheDaemon, frameDigest } from './ffmpegFrames.js';
import { fixedFrames } from './fixedFrames.js';
import { loadFixedFrames, loadSampling, type WindowsReference } from './goldens.js';
import { argMax, cosineSimilarity, maxAbsDifference } from './metrics.js';

/** (a) Fixed frames: max |ONNX − torch| per clip, and how far apart the clips' logits are. */
export async function fixedFramesReport(engine: InferenceEngine, referenceFile: string) {
  const reference = loadFixedFrames(referenceFile);
  const frames = fixedFrames(reference.clips, reference.frames, reference.size);
  const diffs: number[] = [];
  for (const [i, expected] of reference.logits.entries()) {
    engine.clipSlot(0).set(frames.subarray(i * engine.clipBytes, (i + 1) * engine.clipBytes));
    diffs.push(maxAbsDifference(await engine.run(1), expected));
  }
  const [first = [], second = []] = reference.logits;
  return { maxAbsDiff: diffs, logitsSpread: maxAbsDifference(first, second) };
}

/** (b) Sampling: which frames our argv picks at 7.5 fps, against torchvision's indices. */
export async function samplingReport(referenceFile: string, ffmpegPath: string, clipsDir: string) {
  const sampling = loadSampling(referenceFile);
  const geometry = { cropSize: 32, resizeShortSide: 37, scaleFlags: 'bilinear+full_chroma_inp' };
  const rows = [];
  for (const clip of sampling.clips) {
    const video = path.join(clipsDir, clip.file);
    const all = await decodeLikeTheDaemon(ffmpegPath, video, { ...geometry, fps: clip.fps });
    const ours = await decodeLikeTheDaemon(ffmpegPath, video, {
      ...geometry,
      fps: sampling.modelFps,
    });
    const allDigests = all.map(frameDigest);
    const mismatches = clip.indices.filter(
      (index, k) => ours[k] === undefined || frameDigest(ours[k]) !== allDigests[index],
    ).length;
    rows.push({
      file: clip.file,
      fps: clip.fps,
      reference: clip.indices.length,
      ours: ours.length,
      mismatches,
    });
  }
  return rows;
}

/** (d) Per window: cosine, max |diff| and top-1 agreement of our pipeline against torchvision's. */
export async function windowsReport(opts: {
  engine: InferenceEngine;
  reference: WindowsReference;
  ffmpegPath: string;
  clipsDir: string;
  logger: Logger;
}) {
  const { engine, reference } = opts;
  const rows = [];
  for (const clip of reference.clips) {
    const result = await classifyVideo({
      video: path.join(opts.clipsDir, clip.file),
      engine,
      ffmpegPath: opts.ffmpegPath,
      scaleFlags: 'bilinear+full_chroma_inp',
      stride: reference.stride,
      topK: 1,
      logger: opts.logger,
      keepLogits: true,
    });
    const ours = new Map(result.windows.map((w) => [w.lastFrame, w.logits as Float32Array]));
    for (const window of clip.windows) {
      const logits = ours.get(window.lastFrame);
      if (logits === undefined) continue;
      rows.push({
        file: clip.file,
        lastFrame: window.lastFrame,
        tail: window.tail,
        cosine: cosineSimilarity(logits, window.logits),
        centredCosine: Number.NaN,
        maxAbsDiff: maxAbsDifference(logits, window.logits),
        sameTop1: argMax(logits) === argMax(window.logits),
        ours: logits,
        theirs: window.logits,
      });
    }
  }
  centreCosines(rows);
  return rows;
}

/**
 * Random weights give every input much the same logits, which inflates cosine similarity.
 * Subtracting the mean reference logits over all windows leaves what depends on the input.
 */
function centreCosines(
  rows: { ours: Float32Array; theirs: Float32Array; centredCosine: number }[],
): void {
  const first = rows[0];
  if (first === undefined) return;
  const mean = new Float64Array(first.theirs.length);
  for (const row of rows) {
    for (let i = 0; i < mean.length; i++)
      mean[i] = (mean[i] ?? 0) + (row.theirs[i] ?? 0) / rows.length;
  }
  for (const row of rows) {
    const a = row.ours.map((v, i) => v - (mean[i] ?? 0));
    const b = row.theirs.map((v, i) => v - (mean[i] ?? 0));
    row.centredCosine = cosineSimilarity(a, b);
  }
}

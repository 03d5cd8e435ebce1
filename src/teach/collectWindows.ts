import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifyVideo } from '../classify/classifyVideo.js';
import type { Logger } from '../log/index.js';
import type { InferenceEngine } from '../model/index.js';
import { type ExampleVideo, windowLabel } from './exampleVideos.js';
import { TeachInputError } from './teachInputError.js';
import type { WindowSet } from './windowSet.js';

export interface CollectOptions {
  engine: InferenceEngine;
  ffmpegPath: string;
  scaleFlags: string;
  stride: number;
  background: string;
  logger: Logger;
  signal?: AbortSignal;
  /** After each window: videos done so far, of all, and windows collected. */
  onProgress?: (video: number, videos: number, windows: number) => void;
}

export interface CollectedWindows {
  set: WindowSet;
  /** Windows that grazed a span without being in it, left out. */
  leftOut: number;
  elapsedMs: number;
}

/**
 * Runs the daemon's pipeline (classify's: same sampling, resize, crop and windows) over every
 * example video and keeps each window's embedding with its label. Labels are ordered with
 * the background first, then the actions by name, so the head's classes are stable.
 */
export async function collectWindows(
  examples: readonly ExampleVideo[],
  opts: CollectOptions,
): Promise<CollectedWindows> {
  const started = performance.now();
  const size = opts.engine.embeddingSize;
  if (size === null) throw new TeachInputError('the model has no embedding output');
  const labels = labelOrder(examples, opts.background);
  const rows: { embedding: Float32Array; cls: number; video: number }[] = [];
  let leftOut = 0;
  for (const [video, example] of examples.entries()) {
    const windows = await windowsOf(example, opts, (count) =>
      opts.onProgress?.(video, examples.length, rows.length + count),
    );
    for (const window of windows) {
      const label = windowLabel(example, window.startMs, window.endMs, opts.background);
      if (label === null) leftOut++;
      else
        rows.push({
          embedding: window.embedding as Float32Array,
          cls: labels.indexOf(label),
          video,
        });
    }
  }
  const features = new Float32Array(rows.length * size);
  for (const [i, row] of rows.entries()) features.set(row.embedding, i * size);
  const set: WindowSet = {
    labels,
    videos: examples.map((e) => e.path),
    size,
    features,
    classOf: Int32Array.from(rows, (r) => r.cls),
    videoOf: Int32Array.from(rows, (r) => r.video),
  };
  return { set, leftOut, elapsedMs: performance.now() - started };
}

function labelOrder(examples: readonly ExampleVideo[], background: string): string[] {
  const actions = new Set<string>();
  for (const example of examples) {
    if (example.wholeLabel !== null) actions.add(example.wholeLabel);
    for (const span of example.spans) actions.add(span.label);
  }
  actions.delete(background);
  return [background, ...[...actions].sort()];
}

async function windowsOf(
  example: ExampleVideo,
  opts: CollectOptions,
  onWindow: (count: number) => void,
) {
  let count = 0;
  let result: Awaited<ReturnType<typeof classifyVideo>>;
  try {
    result = await classifyVideo({
      video: example.path,
      engine: opts.engine,
      ffmpegPath: opts.ffmpegPath,
      scaleFlags: opts.scaleFlags,
      stride: opts.stride,
      topK: 1,
      logger: opts.logger,
      keepEmbeddings: true,
      onWindow: () => onWindow(++count),
      ...(opts.signal && { signal: opts.signal }),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    // classify's message names the video and ffmpeg's again names it: once is enough.
    const reason = ((err as Error).message.split('\n')[0] ?? '')
      .replaceAll(`${path.resolve(example.path)}: `, '')
      .replaceAll(`${example.path}: `, '')
      .replace('ffmpeg cannot read it: ', '');
    throw new TeachInputError(`${example.path}: cannot be decoded: ${reason}`);
  }
  if (result.windows.length === 0) {
    const { clipLength, fps } = opts.engine.card;
    throw new TeachInputError(
      `${example.path}: shorter than one window (${clipLength} frames at ${fps} fps, ${(clipLength / fps).toFixed(2)} s)`,
    );
  }
  return result.windows;
}

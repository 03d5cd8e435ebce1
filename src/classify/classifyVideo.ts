import { performance } from 'node:perf_hooks';
import { FrameRing } from '../buffer/index.js';
import { FrameSource, type SourceStateDetail, type SpawnFn } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { HeadScorer } from '../model/heads/index.js';
import type { InferenceEngine } from '../model/index.js';
import { type LabelScore, Recognizer } from '../recognize/index.js';
import { ClipScheduler, type WindowResult } from '../schedule/index.js';
import { CLASSIFY_CAMERA, fileCamera } from './fileCamera.js';
import { PacedWindowFeed } from './windowFeed.js';

export interface ClassifyVideoOptions {
  video: string;
  engine: InferenceEngine;
  ffmpegPath: string;
  scaleFlags: string;
  /** A window every `stride` sampled frames, as the daemon's recognition.stride. */
  stride: number;
  topK: number;
  logger: Logger;
  /** Keep each window's raw logits (parity checks); off, only labels and scores are kept. */
  keepLogits?: boolean;
  /** Keep each window's clip embedding (teach learns from them); needs a model that gives one. */
  keepEmbeddings?: boolean;
  /** Label windows with this taught head instead of the model's own classes. */
  head?: HeadScorer;
  /** Each window, in order, as soon as it is classified. */
  onWindow?: (window: ClassifiedWindow) => void;
  /** Aborting stops ffmpeg and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Starts ffmpeg; the daemon's by default. */
  spawn?: SpawnFn;
}

export interface ClassifiedWindow {
  index: number;
  /** Sampled frames (at the model's fps, counted from 0) of the window's first and last frame. */
  firstFrame: number;
  lastFrame: number;
  /** Media time of the first frame, and of the end of the last one. */
  startMs: number;
  endMs: number;
  /** Off the stride grid: the extra window that ends at the video's last sampled frame. */
  tail: boolean;
  inferenceMs: number;
  label: string;
  score: number;
  topK: LabelScore[];
  logits: Float32Array | null;
  embedding: Float32Array | null;
}

export interface ClassifyVideoResult {
  windows: ClassifiedWindow[];
  /** Frames ffmpeg delivered at the model's fps. */
  framesSampled: number;
  elapsedMs: number;
}

// A file never stalls for long; its watchdog is off anyway while classify holds ffmpeg back.
const STALL_TIMEOUT_MS = 60_000;

/**
 * Classifies a video file with the daemon's own parts: FrameSource (ffmpeg sampling at the
 * model's fps, resize, crop) into a FrameRing, ClipScheduler's windows every `stride`
 * frames, InferenceEngine, Recognizer. Unlike a camera, no window is skipped: ffmpeg is
 * paced to inference. A last window ending at the last frame covers the file's tail.
 */
export async function classifyVideo(opts: ClassifyVideoOptions): Promise<ClassifyVideoResult> {
  return new VideoClassification(opts).run();
}

class VideoClassification {
  private readonly windows: ClassifiedWindow[] = [];
  private readonly recognizer: Recognizer;
  private readonly periodMs: number;
  private readonly startedMs = performance.now();
  /** The last run's embeddings; maxBatch is 1, so its results are the next ones handled. */
  private lastEmbeddings: Float32Array | null = null;
  private settle: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly opts: ClassifyVideoOptions) {
    const wantsEmbeddings = opts.keepEmbeddings === true || opts.head !== undefined;
    if (wantsEmbeddings && opts.engine.embeddingSize === null) {
      throw new Error(
        `the model (${opts.engine.card.name}) has no embedding output; re-export it with models/export_mvit.py`,
      );
    }
    this.recognizer = new Recognizer(opts.head?.labels ?? opts.engine.labels, opts.topK);
    this.periodMs = 1000 / opts.engine.card.fps;
  }

  async run(): Promise<ClassifyVideoResult> {
    const { stride } = this.opts;
    if (!Number.isInteger(stride) || stride < 1) {
      throw new RangeError(`stride must be a positive integer, got ${stride}`);
    }
    const parts = this.build();
    const done = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    parts.source.on('state', (state, detail) => this.onSourceState(state, detail, parts.feed));
    const onAbort = () => this.fail(this.opts.signal?.reason ?? new Error('aborted'));
    this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.opts.signal?.throwIfAborted();
      parts.source.start();
      await done;
    } finally {
      this.opts.signal?.removeEventListener('abort', onAbort);
      await parts.source.stop();
      await parts.scheduler.stop();
    }
    const framesSampled = parts.ring.written;
    return { windows: this.windows, framesSampled, elapsedMs: performance.now() - this.startedMs };
  }

  private build() {
    const { engine, stride, logger } = this.opts;
    const { card } = engine;
    const scheduler = new ClipScheduler({
      runner: {
        maxBatch: 1,
        classes: engine.labels.length,
        clipSlot: (i) => engine.clipSlot(i),
        run: (clips) => this.runEngine(clips),
      },
      clipLength: card.clipLength,
      stride,
      framePeriodMs: this.periodMs,
      logger: logger.child({ module: 'classify' }),
      onResults: (results) => this.onResults(results, feed),
      // The feed waits for each window's result; a skipped one would leave it waiting forever.
      onSkipped: (_camera, endSeq) =>
        this.fail(new Error(`the window ending at frame ${endSeq} was skipped`)),
      clock: { now: () => performance.now() },
    });
    // Frames enter the ring only as the feed offers them, so a window and a stride suffice.
    const ring = new FrameRing({
      frameBytes: engine.frameBytes,
      capacity: card.clipLength + stride,
    });
    scheduler.addCamera(CLASSIFY_CAMERA, ring);
    let source: FrameSource | null = null;
    const feed = this.buildFeed(scheduler, ring, {
      pause: () => source?.pause(),
      resume: () => source?.resume(),
    });
    source = this.buildSource(feed);
    return { scheduler, ring, source, feed };
  }

  private buildSource(feed: PacedWindowFeed): FrameSource {
    const { engine, video, ffmpegPath, scaleFlags, logger, spawn } = this.opts;
    const { card } = engine;
    return new FrameSource({
      camera: fileCamera(video, STALL_TIMEOUT_MS),
      output: {
        cropSize: card.cropSize,
        resizeShortSide: card.resizeShortSide,
        fps: card.fps,
        scaleFlags,
      },
      ffmpegPath,
      sink: feed,
      logger,
      ...(spawn && { spawn }),
    });
  }

  private buildFeed(
    scheduler: ClipScheduler,
    ring: FrameRing,
    pacing: { pause: () => void; resume: () => void },
  ): PacedWindowFeed {
    const windowsDue = () => scheduler.stats(CLASSIFY_CAMERA)?.windowsDue ?? 0;
    return new PacedWindowFeed({
      frameBytes: ring.frameBytes,
      offerFrame: (bytes, timeMs) => {
        const seq = ring.written;
        ring.nextSlot().set(bytes);
        ring.commit(timeMs);
        const before = windowsDue();
        scheduler.frameArrived(CLASSIFY_CAMERA, seq);
        return windowsDue() > before;
      },
      finishStream: () => scheduler.finishStream(CLASSIFY_CAMERA),
      ...pacing,
      drained: () => this.settle?.resolve(),
      failed: (err) => this.fail(err),
    });
  }

  private async runEngine(clips: number): Promise<Float32Array> {
    try {
      const outputs = await this.opts.engine.runWithEmbeddings(clips);
      this.lastEmbeddings = outputs.embeddings;
      return outputs.logits;
    } catch (err) {
      // The scheduler would log it and carry on, as a camera should; a file stops here.
      this.fail(err);
      throw err;
    }
  }

  private onResults(results: WindowResult[], feed: PacedWindowFeed): void {
    for (const result of results) {
      const window = this.toWindow(result);
      this.windows.push(window);
      try {
        this.opts.onWindow?.(window);
      } catch (err) {
        this.fail(err);
        return;
      }
    }
    feed.windowDone();
  }

  private toWindow(result: WindowResult): ClassifiedWindow {
    const { clipLength } = this.opts.engine.card;
    const lastFrame = result.endSeq;
    const firstFrame = lastFrame - clipLength + 1;
    const { head, keepEmbeddings } = this.opts;
    const embedding = this.lastEmbeddings;
    const scored = head && embedding ? head.logits(embedding) : result.logits;
    const recognition = this.recognizer.recognize(scored);
    return {
      index: this.windows.length,
      firstFrame,
      lastFrame,
      startMs: firstFrame * this.periodMs,
      endMs: (lastFrame + 1) * this.periodMs,
      tail: firstFrame % this.opts.stride !== 0,
      inferenceMs: result.inferenceMs,
      label: recognition.label,
      score: recognition.score,
      topK: recognition.topK,
      logits: this.opts.keepLogits ? result.logits.slice() : null,
      embedding: keepEmbeddings && embedding ? embedding.slice() : null,
    };
  }

  private onSourceState(state: string, detail: SourceStateDetail, feed: PacedWindowFeed): void {
    if (state === 'offline' && detail.reason === 'end of file') {
      feed.streamEnded();
    } else if (state === 'reconnecting') {
      const stderr = detail.stderrTail?.length ? `\n${detail.stderrTail.join('\n')}` : '';
      this.fail(new Error(`${this.opts.video}: ffmpeg cannot read it: ${detail.reason}${stderr}`));
    }
  }

  private fail(err: unknown): void {
    this.settle?.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

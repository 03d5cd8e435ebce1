import { performance } from 'node:perf_hooks';
import { FrameRing } from '../buffer/index.js';
import { FrameSource, type SourceStateDetail } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
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
  /** Each window, in order, as soon as it is classified. */
  onWindow?: (window: ClassifiedWindow) => void;
  /** Aborting stops ffmpeg and rejects with the signal's reason. */
  signal?: AbortSignal;
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
}

export interface ClassifyVideoResult {
  windows: ClassifiedWindow[];
  /** Frames ffmpeg delivered at the model's fps. */
  framesSampled: number;
  elapsedMs: number;
}

// A file never stalls for long; its watchdog is off anyway while classify holds ffmpeg back.
const STALL_TIMEOUT_MS = 60_000;
// Frames that may still arrive after a pause: what one pipe read can hold (64 KiB on Linux,
// with room to spare), plus the frame being filled.
const MAX_PIPE_READ_BYTES = 256 * 1024;

/**
 * Classifies a video file with the daemon's own parts: FrameSource (ffmpeg sampling at the
 * model's fps, resize, crop) into a FrameRing, ClipScheduler's windows every `stride`
 * frames, InferenceEngine, Recognizer. Unlike a camera, no window is skipped: ffmpeg is
 * paced to inference. A last window ending at the last frame covers the file's tail.
 */
export function classifyVideo(opts: ClassifyVideoOptions): Promise<ClassifyVideoResult> {
  return new VideoClassification(opts).run();
}

class VideoClassification {
  private readonly windows: ClassifiedWindow[] = [];
  private readonly recognizer: Recognizer;
  private readonly periodMs: number;
  private readonly startedMs = performance.now();
  private settle: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly opts: ClassifyVideoOptions) {
    this.recognizer = new Recognizer(opts.engine.labels, opts.topK);
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
      clock: { now: () => performance.now() },
    });
    const slack = Math.ceil(MAX_PIPE_READ_BYTES / engine.frameBytes) + 1;
    const ring = new FrameRing({
      frameBytes: engine.frameBytes,
      capacity: card.clipLength + stride + slack,
      onCommit: (seq) => feed.frameCommitted(seq),
    });
    scheduler.addCamera(CLASSIFY_CAMERA, ring);
    const source = this.buildSource(ring);
    const feed = this.buildFeed(scheduler, source);
    return { scheduler, ring, source, feed };
  }

  private buildSource(ring: FrameRing): FrameSource {
    const { engine, video, ffmpegPath, scaleFlags, logger } = this.opts;
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
      sink: ring,
      logger,
    });
  }

  private buildFeed(scheduler: ClipScheduler, source: FrameSource): PacedWindowFeed {
    const windowsDue = () => scheduler.stats(CLASSIFY_CAMERA)?.windowsDue ?? 0;
    return new PacedWindowFeed({
      offerFrame: (seq) => {
        const before = windowsDue();
        scheduler.frameArrived(CLASSIFY_CAMERA, seq);
        return windowsDue() > before;
      },
      finishStream: () => scheduler.finishStream(CLASSIFY_CAMERA),
      pause: () => source.pause(),
      resume: () => source.resume(),
      drained: () => this.settle?.resolve(),
      failed: (err) => this.fail(err),
    });
  }

  private async runEngine(clips: number): Promise<Float32Array> {
    try {
      return await this.opts.engine.run(clips);
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
    const recognition = this.recognizer.recognize(result.logits);
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

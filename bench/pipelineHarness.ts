import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import type { InferenceSession } from 'onnxruntime-node';
import { CameraPipeline } from '../src/app/cameraPipeline.js';
import { windowActionPayload } from '../src/app/windowActionPayload.js';
import type { Config } from '../src/config/index.js';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import type { Logger } from '../src/log/index.js';
import { engineOptionsFromConfig, InferenceEngine } from '../src/model/index.js';
import { MqttPublisher } from '../src/outputs/mqtt/index.js';
import { Recognizer } from '../src/recognize/index.js';
import { ClipScheduler, type WindowResult, type WindowRunner } from '../src/schedule/index.js';
import type { FfmpegArgv } from './decodeBeside.js';

/** What one published window cost, step by step (ms). */
export interface WindowSample {
  camera: string;
  batchSize: number;
  /** Copying the batch's windows out of the rings into the engine's staging slots, per window. */
  packMs: number;
  /** engine.run for the whole batch. */
  inferMs: number;
  /** softmax + top-k. */
  recognizeMs: number;
  /** Building the action payload object. */
  payloadMs: number;
  /** publishAction: JSON.stringify and the MQTT client's synchronous part. */
  publishMs: number;
  /** From the window's last frame arriving to its result handed to the MQTT client. */
  latencyMs: number;
  /** performance.now() when the window's batch came back from the engine (same for the batch). */
  publishedAt: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The daemon's speed-relevant parts, composed as Daemon.start composes them (engine, MQTT
 * publisher, recognizer, scheduler, one CameraPipeline per camera), with performance.now()
 * around each JavaScript step of a window and the ffmpeg children's pids recorded.
 */
export class PipelineHarness {
  readonly samples: WindowSample[] = [];
  private engine: InferenceEngine | null = null;
  private publisher: MqttPublisher | null = null;
  private scheduler: ClipScheduler | null = null;
  private cameras: CameraPipeline[] = [];
  private readonly ffmpegPids = new Map<string, number>();
  private readonly ffmpegArgvs = new Map<string, FfmpegArgv>();
  private lastRun: Promise<unknown> = Promise.resolve();
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private packStartedAt = 0;
  private lastPackMs = 0;
  private lastInferMs = 0;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly sessionOptions: InferenceSession.SessionOptions = {},
  ) {}

  /** Loads the model, connects to the broker and builds the scheduler; no camera yet. */
  async start(): Promise<void> {
    const { config, logger } = this;
    const engine = await InferenceEngine.load({
      ...engineOptionsFromConfig(config.model, logger),
      sessionOptions: this.sessionOptions,
    });
    this.engine = engine;
    const publisher = new MqttPublisher({ config: config.mqtt, logger });
    publisher.start();
    this.publisher = publisher;
    await publisher.waitConnected(CONNECT_TIMEOUT_MS);
    const recognizer = new Recognizer(engine.labels, config.recognition.topK);
    const scheduler = new ClipScheduler({
      runner: this.timedRunner(engine),
      clipLength: engine.card.clipLength,
      stride: config.recognition.stride,
      framePeriodMs: 1000 / engine.card.fps,
      logger: logger.child({ module: 'scheduler' }),
      onResults: (results) => this.publishResults(results, recognizer),
    });
    this.scheduler = scheduler;
  }

  /** Starts every camera afresh: new rings, new ffmpeg children. */
  startCameras(): void {
    const { config, logger, engine, scheduler, publisher } = this;
    if (engine === null || scheduler === null || publisher === null) {
      throw new Error('PipelineHarness.startCameras() before start()');
    }
    const ffmpeg = resolveFfmpegPath({ configured: config.ffmpeg.path, env: process.env });
    this.cameras = config.cameras
      .filter((c) => c.enabled)
      .map((camera) => {
        const pipeline = new CameraPipeline({
          camera,
          card: engine.card,
          stride: config.recognition.stride,
          ffmpegPath: ffmpeg.path,
          scaleFlags: config.ffmpeg.scaleFlags,
          scheduler,
          publisher,
          logger,
          spawn: this.recordingSpawn(camera.name),
        });
        pipeline.start();
        return pipeline;
      });
  }

  /**
   * Stops the cameras, drops windows still waiting and waits for the run in flight to be
   * published, leaving the engine idle (for the bare runs between pipeline phases).
   */
  async stopCameras(): Promise<void> {
    await Promise.all(this.cameras.map((c) => c.stop()));
    for (const camera of this.cameras) this.scheduler?.restartWindows(camera.name);
    await this.lastRun.catch(() => undefined);
    // The scheduler hands the results over in the run's continuation: let it happen.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Resolves once `count` windows in all have been published. */
  windows(count: number): Promise<void> {
    if (this.samples.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Camera name → the command line its last ffmpeg ran with. */
  argvs(): ReadonlyMap<string, FfmpegArgv> {
    return this.ffmpegArgvs;
  }

  /** Camera name → pid of its running ffmpeg. */
  pids(): ReadonlyMap<string, number> {
    return this.ffmpegPids;
  }

  frameCounts(): Map<string, number> {
    return new Map(this.cameras.map((c) => [c.name, c.source.stats().framesIn]));
  }

  skippedWindows(): number {
    return this.cameras.reduce(
      (sum, c) => sum + (this.scheduler?.stats(c.name)?.windowsSkipped ?? 0),
      0,
    );
  }

  async stop(): Promise<void> {
    await this.stopCameras();
    await this.scheduler?.stop();
    await this.publisher?.stop(this.cameras.map((c) => c.name));
    await this.engine?.close();
  }

  /** node's spawn, remembering the pid and argv of each ffmpeg the camera starts. */
  private recordingSpawn(camera: string): typeof nodeSpawn {
    const spawn = (command: string, args: readonly string[], options: SpawnOptions) => {
      const child = nodeSpawn(command, args, options);
      if (child.pid !== undefined) this.ffmpegPids.set(camera, child.pid);
      this.ffmpegArgvs.set(camera, { command, args });
      return child;
    };
    return spawn as typeof nodeSpawn;
  }

  /** The engine as the scheduler sees it, timing the copy into the slots and the run. */
  private timedRunner(engine: InferenceEngine): WindowRunner {
    return {
      maxBatch: engine.maxBatch,
      classes: engine.labels.length,
      clipSlot: (i) => {
        // The scheduler asks for slot 0 just before copying the batch's first window.
        if (i === 0) this.packStartedAt = performance.now();
        return engine.clipSlot(i);
      },
      run: async (clips) => {
        const started = performance.now();
        this.lastPackMs = (started - this.packStartedAt) / clips;
        const run = engine.run(clips);
        this.lastRun = run;
        const logits = await run;
        this.lastInferMs = performance.now() - started;
        return logits;
      },
    };
  }

  private publishResults(results: WindowResult[], recognizer: Recognizer): void {
    const engine = this.engine as InferenceEngine;
    const publisher = this.publisher as MqttPublisher;
    const { card } = engine;
    const batchAt = performance.now();
    for (const result of results) {
      const t0 = performance.now();
      const recognition = recognizer.recognize(result.logits);
      const t1 = performance.now();
      const payload = windowActionPayload(result, recognition, card, Date.now());
      const t2 = performance.now();
      publisher.publishAction(result.camera, payload);
      const t3 = performance.now();
      this.samples.push({
        camera: result.camera,
        batchSize: result.batchSize,
        packMs: this.lastPackMs,
        inferMs: this.lastInferMs,
        recognizeMs: t1 - t0,
        payloadMs: t2 - t1,
        publishMs: t3 - t2,
        latencyMs: Date.now() - result.dueAtMs,
        publishedAt: batchAt,
      });
    }
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const done = this.waiters.filter((w) => this.samples.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.samples.length < w.count);
    for (const waiter of done) waiter.resolve();
  }
}

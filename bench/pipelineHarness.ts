import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import type { InferenceSession } from 'onnxruntime-node';
import {
  buildCameras,
  buildPipeline,
  type CameraPipeline,
  PartList,
  type Pipeline,
} from '../src/app/index.js';
import type { Config } from '../src/config/index.js';
import { ResultBus, systemClock } from '../src/core/index.js';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import type { Logger } from '../src/log/index.js';
import { engineOptionsFromConfig, InferenceEngine } from '../src/model/index.js';
import type { WindowRunner } from '../src/schedule/index.js';
import type { FfmpegArgv } from './decodeBeside.js';

/** What one published window cost, step by step (ms). */
export interface WindowSample {
  camera: string;
  batchSize: number;
  /** Copying the batch's windows out of the rings into the engine's staging slots, per window. */
  packMs: number;
  /** engine.run for the whole batch. */
  inferMs: number;
  /** The daemon's recognition of the window: smoothing, top-k, events, alert rules. */
  recognizeMs: number;
  /** The MQTT bridge building the action payload. */
  payloadMs: number;
  /** publishLatest: JSON.stringify and the MQTT client's synchronous part. */
  publishMs: number;
  /** From the window's last frame arriving to its result handed to the MQTT client. */
  latencyMs: number;
  /** performance.now() when the window's batch came back from the engine (same for the batch). */
  publishedAt: number;
}

/** A camera's running counts (they start again at 0 with startCameras()). */
export interface CameraCounts {
  framesIn: number;
  skipped: number;
  idle: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The daemon's own parts (buildPipeline, buildCameras: the wiring Daemon.start uses), with
 * performance.now() around each JavaScript step of a window and the ffmpeg children's pids
 * recorded. No HTTP endpoint and no systemd: they cost nothing per window.
 */
export class PipelineHarness {
  readonly samples: WindowSample[] = [];
  private engine: InferenceEngine | null = null;
  private pipeline: Pipeline | null = null;
  private readonly parts: PartList;
  private readonly bus: ResultBus;
  private cameras: CameraPipeline[] = [];
  private readonly ffmpegPids = new Map<string, number>();
  private readonly ffmpegArgvs = new Map<string, FfmpegArgv>();
  private lastRun: Promise<unknown> = Promise.resolve();
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private packStartedAt = 0;
  private lastPackMs = 0;
  private lastInferMs = 0;
  private lastBatchSize = 0;
  /** The marks of the window being handled: its batch came back, recognized, payload built. */
  private stepAt = 0;
  private batchAt = 0;
  private recognizedAt = 0;
  private payloadAt = 0;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly sessionOptions: InferenceSession.SessionOptions = {},
  ) {
    this.parts = new PartList(logger);
    this.bus = new ResultBus(logger);
  }

  /** Loads the model, starts the daemon's parts and waits for the broker; no camera yet. */
  async start(): Promise<void> {
    const { config, logger } = this;
    const engine = await InferenceEngine.load({
      ...engineOptionsFromConfig(config.model, logger),
      sessionOptions: this.sessionOptions,
    });
    this.engine = engine;
    const runner = this.timedRunner(engine);
    const deps = { config, engine, bus: this.bus, clock: systemClock, logger, runner };
    const pipeline = buildPipeline(deps);
    this.pipeline = pipeline;
    // Before the bridge's listener: the window is recognized, its payload not built yet.
    this.bus.on('window', () => {
      this.recognizedAt = performance.now();
    });
    await this.parts.start(pipeline.parts);
    this.timePublishes(pipeline);
    // After the bridge's listener: the window is published.
    this.bus.on('window', (event) => this.windowPublished(event.camera, event.dueAtMs));
    await pipeline.client.waitConnected(CONNECT_TIMEOUT_MS);
  }

  /** Starts every camera afresh: new rings, new ffmpeg children. */
  startCameras(): void {
    const { config, logger, engine, pipeline } = this;
    if (engine === null || pipeline === null) {
      throw new Error('PipelineHarness.startCameras() before start()');
    }
    const ffmpeg = resolveFfmpegPath({ configured: config.ffmpeg.path, env: process.env });
    this.cameras = buildCameras(pipeline, {
      config,
      card: engine.card,
      bus: this.bus,
      clock: systemClock,
      logger,
      ffmpegPath: ffmpeg.path,
      spawn: (camera) => this.recordingSpawn(camera),
    });
    for (const camera of this.cameras) camera.start();
  }

  /**
   * Stops the cameras, drops windows still waiting and waits for the run in flight to be
   * published, leaving the engine idle (for the bare runs between pipeline phases).
   */
  async stopCameras(): Promise<void> {
    await Promise.all(this.cameras.map((c) => c.stop()));
    for (const camera of this.cameras) this.pipeline?.scheduler.restartWindows(camera.name);
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

  /** Per camera: frames in, windows skipped by the scheduler, windows the motion gate let idle. */
  cameraCounts(): Map<string, CameraCounts> {
    return new Map(
      this.cameras.map((c) => [
        c.name,
        {
          framesIn: c.source.stats().framesIn,
          skipped: this.pipeline?.scheduler.stats(c.name)?.windowsSkipped ?? 0,
          idle: c.motionStats().windowsIdle,
        },
      ]),
    );
  }

  skippedWindows(): number {
    return this.cameras.reduce(
      (sum, c) => sum + (this.pipeline?.scheduler.stats(c.name)?.windowsSkipped ?? 0),
      0,
    );
  }

  async stop(): Promise<void> {
    await this.stopCameras();
    await this.parts.stop();
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
        this.lastBatchSize = clips;
        const run = engine.run(clips);
        this.lastRun = run;
        const logits = await run;
        this.batchAt = performance.now();
        this.stepAt = this.batchAt;
        this.lastInferMs = this.batchAt - started;
        return logits;
      },
    };
  }

  /**
   * Marks the moment the bridge hands the action to the client. Bench instrumentation only:
   * the daemon's client is wrapped here so the bridge's payload and publish time apart.
   */
  private timePublishes(pipeline: Pipeline): void {
    const { client } = pipeline;
    const publishLatest = client.publishLatest.bind(client);
    client.publishLatest = (topic, payload) => {
      this.payloadAt = performance.now();
      return publishLatest(topic, payload);
    };
  }

  private windowPublished(camera: string, dueAtMs: number): void {
    const publishedAt = performance.now();
    this.samples.push({
      camera,
      batchSize: this.lastBatchSize,
      packMs: this.lastPackMs,
      inferMs: this.lastInferMs,
      recognizeMs: this.recognizedAt - this.stepAt,
      payloadMs: this.payloadAt - this.recognizedAt,
      publishMs: publishedAt - this.payloadAt,
      latencyMs: Date.now() - dueAtMs,
      publishedAt: this.batchAt,
    });
    // The next window of the batch is recognized from here on.
    this.stepAt = publishedAt;
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const done = this.waiters.filter((w) => this.samples.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.samples.length < w.count);
    for (const waiter of done) waiter.resolve();
  }
}

import type { spawn as spawnFn } from 'node:child_process';
import type { Config } from '../config/index.js';
import { resolveFfmpegPath } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import { engineOptionsFromConfig, InferenceEngine, isRandomWeights } from '../model/index.js';
import { MqttPublisher, Outbox } from '../outputs/mqtt/index.js';
import { UnknownLabelError } from '../recognize/index.js';
import { ClipScheduler, type WindowResult } from '../schedule/index.js';
import { CameraPipeline } from './cameraPipeline.js';
import { daemonProbe } from './daemonProbe.js';
import { InferenceMonitor } from './inferenceMonitor.js';
import { Operations } from './operations.js';
import { RecognitionPipeline } from './recognitionPipeline.js';
import { windowActionPayload } from './windowActionPayload.js';

export interface DaemonDeps {
  config: Config;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  spawn?: typeof spawnFn;
  now?: () => number;
}

/** Thrown when the model or its labels cannot be used: a configuration problem, exit 78. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/**
 * Composition root: builds every part from the config, starts them in order (model, broker
 * connection, scheduler, cameras) and stops them in reverse. A part that fails to stop is
 * logged and the others still stop.
 */
export class Daemon {
  private engine: InferenceEngine | null = null;
  private publisher: MqttPublisher | null = null;
  private scheduler: ClipScheduler | null = null;
  private cameras: CameraPipeline[] = [];
  private outbox: Outbox | null = null;
  private recognition: RecognitionPipeline | null = null;
  private operations: Operations | null = null;
  private readonly inference = new InferenceMonitor(() => this.now());
  private started = false;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly deps: DaemonDeps) {
    this.log = deps.logger.child({ module: 'daemon' });
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    const { config, logger, env } = this.deps;
    // First: it takes NOTIFY_SOCKET out of the environment before any child could inherit it.
    this.operations = new Operations({ config, logger, env, probe: this.probe(), now: this.now });
    const ffmpeg = resolveFfmpegPath({ configured: config.ffmpeg.path, env });
    this.log.info({ ffmpeg: ffmpeg.path, from: ffmpeg.from }, 'using ffmpeg');

    const engine = await this.loadEngine();
    const { maxMessages, maxBytes } = config.outbox;
    this.outbox = Outbox.open({ dir: config.stateDir, maxMessages, maxBytes, logger });
    const publisher = new MqttPublisher({ config: config.mqtt, logger, outbox: this.outbox });
    const recognition = this.buildRecognition(engine, publisher);
    publisher.start();
    this.publisher = publisher;
    recognition.start();

    const scheduler = new ClipScheduler({
      runner: {
        maxBatch: engine.maxBatch,
        classes: engine.labels.length,
        clipSlot: (i) => engine.clipSlot(i),
        run: (clips) => this.inference.track(() => engine.run(clips)),
      },
      clipLength: engine.card.clipLength,
      stride: config.recognition.stride,
      framePeriodMs: 1000 / engine.card.fps,
      logger: logger.child({ module: 'scheduler' }),
      onResults: (results) => this.publishResults(results),
      now: this.now,
    });
    this.scheduler = scheduler;

    for (const camera of config.cameras.filter((c) => c.enabled)) {
      const pipeline = new CameraPipeline({
        camera,
        card: engine.card,
        stride: config.recognition.stride,
        ffmpegPath: ffmpeg.path,
        scaleFlags: config.ffmpeg.scaleFlags,
        scheduler,
        publisher,
        logger,
        detecting: () => recognition.isDetecting(camera.name),
        snapshots: recognition.snapshotOutput(camera.name),
        ...(this.deps.spawn ? { spawn: this.deps.spawn } : {}),
      });
      pipeline.start();
      this.cameras.push(pipeline);
    }
    this.log.info({ cameras: this.cameras.map((c) => c.name) }, 'started');
    this.started = true;
    await this.operations.start();
  }

  /** Stops cameras first (no new frames), then inference, then the broker connection. */
  async stop(): Promise<void> {
    await this.stopStep('notify', () => this.operations?.stopping());
    await this.stopStep('cameras', () => Promise.all(this.cameras.map((c) => c.stop())));
    await this.stopStep('scheduler', () => this.scheduler?.stop());
    await this.stopStep('recognition', () => this.recognition?.stop());
    await this.stopStep('mqtt', () => this.publisher?.stop(this.cameras.map((c) => c.name)));
    await this.stopStep('outbox', () => this.outbox?.close());
    await this.stopStep('model', () => this.engine?.close());
    await this.stopStep('http', () => this.operations?.stop());
    this.log.info('stopped');
  }

  /** What health, metrics and the status API read, live. */
  private probe() {
    return daemonProbe({
      config: this.deps.config,
      started: () => this.started,
      cameras: () => this.cameras,
      scheduler: () => this.scheduler,
      publisher: () => this.publisher,
      outbox: () => this.outbox,
      inference: this.inference,
    });
  }

  private async loadEngine(): Promise<InferenceEngine> {
    const { model } = this.deps.config;
    try {
      this.engine = await InferenceEngine.load(engineOptionsFromConfig(model, this.deps.logger));
    } catch (err) {
      throw new ModelLoadError((err as Error).message, { cause: err });
    }
    return this.engine;
  }

  /** Events, alerts and switches (recognitionPipeline.ts); a bad label is a config error. */
  private buildRecognition(engine: InferenceEngine, publisher: MqttPublisher): RecognitionPipeline {
    const { card } = engine;
    try {
      this.recognition = new RecognitionPipeline({
        config: this.deps.config,
        labels: engine.labels,
        model: { name: card.name, randomWeights: isRandomWeights(card) },
        framePeriodMs: 1000 / card.fps,
        publisher,
        logger: this.deps.logger,
        now: this.now,
      });
    } catch (err) {
      if (err instanceof UnknownLabelError) throw new ModelLoadError(err.message, { cause: err });
      throw err;
    }
    return this.recognition;
  }

  private publishResults(results: WindowResult[]): void {
    const engine = this.engine as InferenceEngine;
    const publisher = this.publisher as MqttPublisher;
    const { card } = engine;
    for (const result of results) {
      const recognition = this.recognition?.handleWindow(result);
      // Detection switched off for this camera.
      if (recognition === undefined) continue;
      const payload = windowActionPayload(result, recognition, card, this.now());
      publisher.publishAction(result.camera, payload);
      this.log.debug(
        {
          camera: result.camera,
          label: recognition.label,
          score: recognition.score,
          inferenceMs: result.inferenceMs,
          latencyMs: this.now() - result.dueAtMs,
        },
        'window',
      );
    }
  }

  private async stopStep(what: string, step: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await step();
    } catch (err) {
      this.log.error({ err, part: what }, 'stopping failed; carrying on');
    }
  }
}

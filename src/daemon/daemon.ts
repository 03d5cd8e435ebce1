import type { spawn as spawnFn } from 'node:child_process';
import type { Config } from '../config/index.js';
import { resolveFfmpegPath } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import { InferenceEngine, isRandomWeights } from '../model/index.js';
import { buildActionPayload, MqttPublisher } from '../publish/index.js';
import { Recognizer } from '../recognize/index.js';
import { ClipScheduler, type WindowResult } from '../schedule/index.js';
import { CameraPipeline } from './cameraPipeline.js';

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
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly deps: DaemonDeps) {
    this.log = deps.logger.child({ module: 'daemon' });
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    const { config, logger, env } = this.deps;
    const ffmpeg = resolveFfmpegPath({ configured: config.ffmpeg.path, env });
    this.log.info({ ffmpeg: ffmpeg.path, from: ffmpeg.from }, 'using ffmpeg');

    const engine = await this.loadEngine();
    const publisher = new MqttPublisher({ config: config.mqtt, logger });
    publisher.start();
    this.publisher = publisher;

    const recognizer = new Recognizer(engine.labels, config.recognition.topK);
    const scheduler = new ClipScheduler({
      runner: {
        maxBatch: engine.maxBatch,
        classes: engine.labels.length,
        clipSlot: (i) => engine.clipSlot(i),
        run: (clips) => engine.run(clips),
      },
      clipLength: engine.card.clipLength,
      stride: config.recognition.stride,
      framePeriodMs: 1000 / engine.card.fps,
      logger: logger.child({ module: 'scheduler' }),
      onResults: (results) => this.publishResults(results, recognizer),
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
        ...(this.deps.spawn ? { spawn: this.deps.spawn } : {}),
      });
      pipeline.start();
      this.cameras.push(pipeline);
    }
    this.log.info({ cameras: this.cameras.map((c) => c.name) }, 'started');
  }

  /** Stops cameras first (no new frames), then inference, then the broker connection. */
  async stop(): Promise<void> {
    await this.stopStep('cameras', () => Promise.all(this.cameras.map((c) => c.stop())));
    await this.stopStep('scheduler', () => this.scheduler?.stop());
    await this.stopStep('mqtt', () => this.publisher?.stop(this.cameras.map((c) => c.name)));
    await this.stopStep('model', () => this.engine?.close());
    this.log.info('stopped');
  }

  private async loadEngine(): Promise<InferenceEngine> {
    const { model } = this.deps.config;
    try {
      this.engine = await InferenceEngine.load({
        modelPath: model.path,
        cardPath: model.card,
        labelsPath: model.labels,
        providers: model.providers,
        threads: model.threads,
        maxBatch: model.maxBatch,
        logger: this.deps.logger,
      });
    } catch (err) {
      throw new ModelLoadError((err as Error).message, { cause: err });
    }
    return this.engine;
  }

  private publishResults(results: WindowResult[], recognizer: Recognizer): void {
    const engine = this.engine as InferenceEngine;
    const publisher = this.publisher as MqttPublisher;
    const { card } = engine;
    for (const result of results) {
      const recognition = recognizer.recognize(result.logits);
      const payload = buildActionPayload({
        camera: result.camera,
        recognition,
        firstFrameMs: result.startMs,
        lastFrameMs: result.endMs,
        frames: card.clipLength,
        fps: card.fps,
        model: { name: card.name, weights: card.weights, randomWeights: isRandomWeights(card) },
        inferenceMs: result.inferenceMs,
        nowMs: this.now(),
      });
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

import type { spawn as spawnFn } from 'node:child_process';
import type { Config } from '../config/index.js';
import { type Clock, ResultBus, systemClock } from '../core/index.js';
import { resolveFfmpegPath } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import { InferenceMonitor } from '../metrics/index.js';
import { HeadMismatchError } from '../model/heads/index.js';
import { engineOptionsFromConfig, InferenceEngine } from '../model/index.js';
import { UnknownLabelError } from '../recognize/index.js';
import type { WindowRunner } from '../schedule/index.js';
import { loadCameraHeads } from './cameraHeads.js';
import type { CameraPipeline } from './cameraPipeline.js';
import { buildLiveStreams, httpPart } from './consoleParts.js';
import { daemonProbe } from './daemonProbe.js';
import { Operations } from './operations.js';
import { type Part, PartList } from './parts.js';
import { buildCameras, buildPipeline, camerasPart, type Pipeline } from './pipelineParts.js';

export interface DaemonDeps {
  config: Config;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  spawn?: typeof spawnFn;
  clock?: Clock;
}

/** Thrown when the model or its labels cannot be used: a configuration problem, exit 78. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/**
 * Composition root: loads the model, builds every part from the config and runs them as one
 * flat list (PartList), started in order and stopped in reverse:
 *
 *   model, http, outbox, mqtt, mqtt bridge, controls, recognition, homeassistant, scheduler,
 *   cameras, systemd
 *
 * so the HTTP endpoint is up first and gone last, the outputs listen before anything is
 * recognized, and systemd hears STOPPING=1 before the cameras stop.
 */
export class Daemon {
  private readonly bus: ResultBus;
  private readonly clock: Clock;
  private readonly inference: InferenceMonitor;
  private readonly parts: PartList;
  private readonly log: Logger;
  private pipeline: Pipeline | null = null;
  private cameras: CameraPipeline[] = [];
  private started = false;

  constructor(private readonly deps: DaemonDeps) {
    this.clock = deps.clock ?? systemClock;
    this.bus = new ResultBus(deps.logger);
    this.inference = new InferenceMonitor(this.clock);
    this.parts = new PartList(deps.logger);
    this.log = deps.logger.child({ module: 'daemon' });
  }

  async start(): Promise<void> {
    const { config, logger, env } = this.deps;
    const operations = new Operations({
      config,
      logger,
      env,
      probe: this.probe(),
      clock: this.clock,
    });
    // First: NOTIFY_SOCKET leaves the environment before any child could inherit it.
    operations.openSystemd();
    const ffmpeg = resolveFfmpegPath({ configured: config.ffmpeg.path, env });
    this.log.info({ ffmpeg: ffmpeg.path, from: ffmpeg.from }, 'using ffmpeg');
    const engine = await this.loadEngine();
    await this.parts.start([{ name: 'model', start: () => {}, stop: () => engine.close() }]);
    const pipeline = this.buildPipeline(engine, ffmpeg.path);
    const live = config.http.enabled
      ? buildLiveStreams(config, pipeline.cameraNames, logger)
      : null;
    this.cameras = buildCameras(pipeline, {
      config,
      card: engine.card,
      bus: this.bus,
      clock: this.clock,
      logger,
      ffmpegPath: ffmpeg.path,
      spawn: () => this.deps.spawn,
      live,
    });
    await this.parts.start([
      httpPart({ config, engine, pipeline, bus: this.bus, clock: this.clock, operations, live }),
      ...pipeline.parts,
      camerasPart(this.cameras),
      this.systemdPart(operations),
    ]);
  }

  /** Stops every started part in reverse; a part that fails to stop is logged. */
  async stop(): Promise<void> {
    await this.parts.stop();
    this.log.info('stopped');
  }

  /** READY=1 once everything runs; STOPPING=1 before anything stops. */
  private systemdPart(operations: Operations): Part {
    return {
      name: 'systemd',
      start: () => {
        this.started = true;
        this.log.info({ cameras: this.cameras.map((c) => c.name) }, 'started');
        return operations.ready();
      },
      stop: () => operations.stopping(),
    };
  }

  /** What health, metrics and the status API read, live. */
  private probe() {
    return daemonProbe({
      config: this.deps.config,
      started: () => this.started,
      cameras: () => this.cameras,
      scheduler: () => this.pipeline?.scheduler ?? null,
      client: () => this.pipeline?.client ?? null,
      outbox: () => this.pipeline?.outbox ?? null,
      inference: this.inference,
      clips: () => this.pipeline?.clips ?? null,
    });
  }

  private async loadEngine(): Promise<InferenceEngine> {
    const { model } = this.deps.config;
    try {
      return await InferenceEngine.load(engineOptionsFromConfig(model, this.deps.logger));
    } catch (err) {
      throw new ModelLoadError((err as Error).message, { cause: err });
    }
  }

  /**
   * A configured label the model (or the camera's head) does not have, and a head the model
   * cannot feed, are configuration errors.
   */
  private buildPipeline(engine: InferenceEngine, ffmpegPath: string): Pipeline {
    const { config, logger } = this.deps;
    try {
      this.pipeline = buildPipeline({
        config,
        engine,
        bus: this.bus,
        clock: this.clock,
        logger,
        runner: this.monitoredRunner(engine),
        heads: this.loadHeads(engine),
        ffmpegPath,
      });
    } catch (err) {
      if (err instanceof UnknownLabelError || err instanceof HeadMismatchError) {
        throw new ModelLoadError(err.message, { cause: err });
      }
      throw err;
    }
    return this.pipeline;
  }

  /** A head file that broke since the configuration was read is a configuration error too. */
  private loadHeads(engine: InferenceEngine) {
    let heads: ReturnType<typeof loadCameraHeads>;
    try {
      heads = loadCameraHeads(this.deps.config, engine.card);
    } catch (err) {
      if (err instanceof HeadMismatchError) throw err;
      throw new ModelLoadError((err as Error).message, { cause: err });
    }
    for (const [camera, head] of heads) {
      this.log.info({ camera, head: head.name, labels: head.labels }, 'using taught head');
    }
    return heads;
  }

  /** The engine, with each run watched for the latency histogram and for hangs. */
  private monitoredRunner(engine: InferenceEngine): WindowRunner {
    return {
      maxBatch: engine.maxBatch,
      classes: engine.labels.length,
      clipSlot: (i) => engine.clipSlot(i),
      run: (clips) => this.inference.track(() => engine.run(clips)),
      embeddingSize: engine.embeddingSize,
      runWithEmbeddings: (clips) => this.inference.track(() => engine.runWithEmbeddings(clips)),
    };
  }
}

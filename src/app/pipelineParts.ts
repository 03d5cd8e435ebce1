import type { spawn as spawnFn } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { ControlsService, MAX_SUSPEND_MINUTES } from '../controls/index.js';
import type { Clock, ResultBus } from '../core/index.js';
import type { LiveOutput, SnapshotOutput } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { TaughtHead } from '../model/heads/index.js';
import { type InferenceEngine, isRandomWeights } from '../model/index.js';
import { ClipRecorder, type FreeSpaceProbe } from '../outputs/clips/index.js';
import type { LiveStreams } from '../outputs/http/index.js';
import {
  type ActionModel,
  buildDiscovery,
  HomeAssistantDiscovery,
  MqttBridge,
  MqttClient,
  OutboxPart,
} from '../outputs/mqtt/index.js';
import type { AlertSnapshots } from '../outputs/snapshots/index.js';
import { AlertRules, EventTracker } from '../recognize/index.js';
import { ClipScheduler, type WindowRunner } from '../schedule/index.js';
import { AlertDispatcher } from './alertDispatcher.js';
import { CameraPipeline } from './cameraPipeline.js';
import { packageVersion } from './packageVersion.js';
import type { Part } from './parts.js';
import { RecognitionPipeline } from './recognitionPipeline.js';
import { buildRecognizers, buildSnapshots, canonicalRules } from './recognitionSetup.js';

/** What the model's side of the daemon needs of the engine. */
export type PipelineEngine = Pick<
  InferenceEngine,
  'labels' | 'card' | 'maxBatch' | 'clipSlot' | 'run'
> &
  Partial<Pick<InferenceEngine, 'runWithEmbeddings' | 'embeddingSize'>>;

export interface PipelineDeps {
  config: Config;
  engine: PipelineEngine;
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
  /** How the scheduler runs windows; the engine itself unless the caller watches the runs. */
  runner?: WindowRunner;
  /** camera → its taught head, checked to fit the model (loadCameraHeads). */
  heads?: ReadonlyMap<string, TaughtHead>;
  /** Where clips are cut with; null builds no clip recorder (the pipeline bench). */
  ffmpegPath?: string | null;
  /** Free space of a folder's file system; statfs unless a test says otherwise. */
  freeSpace?: FreeSpaceProbe;
}

/** Everything between the cameras and the outputs, built from the config and the engine. */
export interface Pipeline {
  /** In start order: outbox, MQTT, bridge, controls, recognition, discovery, scheduler. */
  readonly parts: Part[];
  readonly outbox: OutboxPart;
  readonly client: MqttClient;
  readonly bridge: MqttBridge;
  readonly controls: ControlsService;
  readonly recognition: RecognitionPipeline;
  readonly scheduler: ClipScheduler;
  readonly snapshots: AlertSnapshots | null;
  /** null when no camera records clips. */
  readonly clips: ClipRecorder | null;
  /** The enabled cameras' names. */
  readonly cameraNames: readonly string[];
}

/**
 * The daemon's own wiring, shared with the pipeline benchmark: builds (never starts) every part
 * from the result bus to MQTT. Throws UnknownLabelError when a configured label is not one of
 * the model's.
 */
export function buildPipeline(deps: PipelineDeps): Pipeline {
  const { config, engine, bus, clock, logger } = deps;
  const modelLabels = { labels: engine.labels, labelsFrom: engine.card.name };
  const recognizers = buildRecognizers(config, modelLabels, deps.heads);
  const cameraNames = config.cameras.filter((camera) => camera.enabled).map((c) => c.name);
  const rules = new AlertRules(canonicalRules(config, engine.labels, deps.heads));
  const randomWeights = isRandomWeights(engine.card);
  const snapshots = buildSnapshots(config, cameraNames, { bus, randomWeights, logger });
  const { stateDir } = config;
  const controls = new ControlsService({
    cameras: cameraNames,
    rules,
    stateDir,
    bus,
    clock,
    logger,
  });
  const { outbox, client, bridge } = buildMqtt(deps, cameraNames, controls);
  const clips = buildClips(deps);
  const alerts = new AlertDispatcher({ rules, bus, snapshots, clips, randomWeights, logger });
  const recognition = new RecognitionPipeline({
    recognizers,
    tracker: new EventTracker(config.events),
    rules,
    alerts,
    clips,
    detecting: (camera) => controls.isDetecting(camera),
    bus,
    clock,
    events: config.events,
    framePeriodMs: 1000 / engine.card.fps,
    logger,
  });
  const discovery = buildHomeAssistant(deps, bridge, cameraNames, snapshots !== null);
  const scheduler = buildScheduler(deps, recognition, (camera) =>
    Boolean(recognizers.get(camera)?.needsEmbedding),
  );
  const parts: Part[] = [
    { name: 'outbox', start: () => outbox.start(), stop: () => outbox.stop() },
    { name: 'mqtt', start: () => client.start(), stop: () => client.stop(bridge.farewell()) },
    { name: 'mqtt bridge', start: () => bridge.start(), stop: () => bridge.stop() },
    { name: 'controls', start: () => controls.start(), stop: () => controls.stop() },
    // Before recognition: stopped after it, so the ends it sends at stop still get clips.
    ...(clips ? [{ name: 'clips', start: () => clips.start(), stop: () => clips.stop() }] : []),
    { name: 'recognition', start: () => recognition.start(), stop: () => recognition.stop() },
    { name: 'homeassistant', start: () => discovery.start(), stop: () => discovery.stop() },
    { name: 'scheduler', start: () => {}, stop: () => scheduler.stop() },
  ];
  const built = { outbox, client, bridge, controls, recognition, scheduler, snapshots, clips };
  return { parts, ...built, cameraNames };
}

/** The broker connection, its outbox, and the bridge from the result bus to the topics. */
function buildMqtt(deps: PipelineDeps, cameras: string[], controls: ControlsService) {
  const { config, engine, bus, clock, logger } = deps;
  const { maxMessages, maxBytes } = config.outbox;
  const outbox = new OutboxPart({ dir: config.stateDir, maxMessages, maxBytes, logger, clock });
  const client = new MqttClient({ config: config.mqtt, logger, outbox, clock });
  const model = actionModel(engine);
  const regions = new Map(
    config.cameras.map((camera) => [camera.name, camera.regions.map((region) => region.name)]),
  );
  const bridge = new MqttBridge({ bus, client, cameras, regions, model, controls, logger });
  return { outbox, client, bridge };
}

/** The clip recorder, when a camera records. */
function buildClips(deps: PipelineDeps): ClipRecorder | null {
  const { config, bus, clock, logger, ffmpegPath } = deps;
  const recording = config.cameras.some((camera) => camera.enabled && camera.record.enabled);
  if (!recording || !ffmpegPath) return null;
  return new ClipRecorder({
    cameras: config.cameras,
    clips: config.clips,
    cacheDir: path.join(config.stateDir, 'record-cache'),
    ffmpegPath,
    announceDelayMs: config.events.minDurationMs,
    bus,
    clock,
    logger,
    ...(deps.freeSpace ? { freeSpace: deps.freeSpace } : {}),
  });
}

function buildScheduler(
  deps: PipelineDeps,
  recognition: RecognitionPipeline,
  wantsEmbedding: (camera: string) => boolean,
): ClipScheduler {
  const { config, engine, clock, logger } = deps;
  return new ClipScheduler({
    wantsEmbedding,
    runner: deps.runner ?? engineRunner(engine),
    clipLength: engine.card.clipLength,
    stride: config.recognition.stride,
    framePeriodMs: 1000 / engine.card.fps,
    logger: logger.child({ module: 'scheduler' }),
    onResults: (results) => recognition.handleResults(results),
    clock,
  });
}

export interface CameraDeps {
  config: Config;
  card: PipelineEngine['card'];
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
  ffmpegPath: string;
  /** Spawns a camera's ffmpeg; node's own unless given. */
  spawn?: (camera: string) => typeof spawnFn | undefined;
  /** The web console's live views; null when the live output is off. */
  live?: LiveStreams | null;
}

/** One CameraPipeline per enabled camera, feeding the pipeline's scheduler; not started. */
export function buildCameras(pipeline: Pipeline, deps: CameraDeps): CameraPipeline[] {
  const { config, card, bus, clock, logger, ffmpegPath } = deps;
  return config.cameras
    .filter((camera) => camera.enabled)
    .map((camera) => {
      const spawn = deps.spawn?.(camera.name);
      return new CameraPipeline({
        camera,
        card,
        stride: config.recognition.stride,
        ffmpegPath,
        scaleFlags: config.ffmpeg.scaleFlags,
        scheduler: pipeline.scheduler,
        bus,
        clock,
        logger,
        detecting: () => pipeline.controls.isDetecting(camera.name),
        snapshots: snapshotOutput(config, pipeline.snapshots, camera.name),
        recording: pipeline.clips?.outputFor(camera.name),
        live: liveOutput(deps.live ?? null, camera.name),
        passthrough: deps.live?.passthroughFor(camera.name),
        ...(spawn ? { spawn } : {}),
      });
    });
}

/** The cameras as one part: started together, stopped together (in parallel). */
export function camerasPart(cameras: readonly CameraPipeline[]): Part {
  return {
    name: 'cameras',
    start: () => {
      for (const camera of cameras) camera.start();
    },
    stop: () => Promise.all(cameras.map((camera) => camera.stop())),
  };
}

/** The camera's snapshot output for its ffmpeg, or undefined when snapshots are off. */
export function snapshotOutput(
  config: Config,
  snapshots: AlertSnapshots | null,
  camera: string,
): SnapshotOutput | undefined {
  if (snapshots === null) return undefined;
  const { fps, width } = config.snapshots;
  return { fps, width, onJpeg: snapshots.sinkFor(camera) };
}

/** The camera's live output for its ffmpeg, or undefined when the live view is off. */
function liveOutput(live: LiveStreams | null, camera: string): LiveOutput | undefined {
  if (live === null) return undefined;
  const sink = live.sinkFor(camera);
  return { ...live.settings, onJpeg: (jpeg) => sink(jpeg) };
}

function engineRunner(engine: PipelineEngine): WindowRunner {
  const { runWithEmbeddings } = engine;
  return {
    maxBatch: engine.maxBatch,
    classes: engine.labels.length,
    clipSlot: (i) => engine.clipSlot(i),
    run: (clips) => engine.run(clips),
    embeddingSize: engine.embeddingSize ?? null,
    ...(runWithEmbeddings
      ? { runWithEmbeddings: (clips) => runWithEmbeddings.call(engine, clips) }
      : {}),
  };
}

function actionModel(engine: PipelineEngine): ActionModel {
  const { card } = engine;
  return {
    name: card.name,
    weights: card.weights,
    randomWeights: isRandomWeights(card),
    frames: card.clipLength,
    fps: card.fps,
  };
}

/** Announced when enabled; with none announced, every config this node left is stale. */
function buildHomeAssistant(
  deps: PipelineDeps,
  bridge: MqttBridge,
  cameras: string[],
  snapshots: boolean,
): HomeAssistantDiscovery {
  const { config, engine, logger } = deps;
  const { enabled, discoveryPrefix } = config.homeAssistant;
  const messages = enabled
    ? buildDiscovery({
        topics: bridge.topics,
        discoveryPrefix,
        cameras,
        regions: new Map(config.cameras.map((c) => [c.name, c.regions.map((r) => r.name)])),
        rules: config.alerts.map((rule) => ({ name: rule.name, severity: rule.severity })),
        maxSuspendMinutes: MAX_SUSPEND_MINUTES,
        snapshots,
        version: packageVersion(),
        modelName: engine.card.name,
      })
    : [];
  return new HomeAssistantDiscovery({
    subscriber: bridge.client,
    retained: bridge.retained,
    topics: bridge.topics,
    discoveryPrefix,
    messages,
    logger,
  });
}

import type { Config } from '../config/index.js';
import type { Clock, ResultBus } from '../core/index.js';
import { canCopyStream } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import { isRandomWeights } from '../model/index.js';
import { ConsoleFeed, type ConsoleServices, LiveStreams } from '../outputs/http/index.js';
import type { Operations } from './operations.js';
import type { Part } from './parts.js';
import type { Pipeline, PipelineEngine } from './pipelineParts.js';

export interface ConsoleDeps {
  config: Config;
  engine: PipelineEngine & { provider: string };
  pipeline: Pipeline;
  bus: ResultBus;
  clock: Clock;
  operations: Operations;
  live: LiveStreams | null;
}

/**
 * One live view per enabled camera when the live output is on; null when it is off. With
 * `live.h264: auto` the cameras whose stream can be copied are passed through as well.
 */
export function buildLiveStreams(
  config: Config,
  cameras: readonly string[],
  logger?: Logger,
): LiveStreams | null {
  if (!config.live.enabled) return null;
  const { fps, width, h264 } = config.live;
  const passthroughUnavailable = (name: string): string | null => {
    if (h264 === 'off') return 'live.h264 is off';
    const camera = config.cameras.find((c) => c.name === name);
    if (camera !== undefined && canCopyStream(camera.source)) return null;
    return "the camera's frames are raw or MJPEG: only the MJPEG view is encoded";
  };
  return new LiveStreams(
    cameras,
    { fps, width, h264 },
    { passthroughUnavailable, ...(logger ? { logger } : {}) },
  );
}

/**
 * The HTTP endpoint with the web console as one part: the console's feed listens to the result
 * bus before anything is recognized, and the switches it offers are the controls service's.
 */
export function httpPart(deps: ConsoleDeps): Part {
  const { config, engine, pipeline, bus, clock, operations, live } = deps;
  const { card } = engine;
  const randomWeights = isRandomWeights(card);
  const model = {
    name: card.name,
    weights: card.weights,
    randomWeights,
    frames: card.clipLength,
    fps: card.fps,
  };
  const { controls } = pipeline;
  const feed = new ConsoleFeed({
    bus,
    cameras: pipeline.cameraNames,
    model,
    rules: () => controls.ruleStatuses(),
    detecting: (camera) => controls.isDetecting(camera),
    clock,
    cameraStats: () => operations.cameraStats(),
  });
  const services: ConsoleServices = {
    feed,
    controls: {
      setDetect: (camera, on) => controls.setDetect(camera, on),
      suspendCommand: (rule, minutes) => controls.suspendCommand(rule, minutes),
    },
    snapshotsDir: pipeline.snapshots === null ? null : config.snapshots.dir,
    live,
    system: () =>
      operations.systemReport({
        name: card.name,
        weights: card.weights,
        random_weights: randomWeights,
        provider: engine.provider,
        graph_rewrites: card.graphRewrites,
        quantization: card.quantization?.method ?? 'none',
      }),
  };
  return {
    name: 'http',
    start: () => {
      feed.start();
      return operations.startHttp(services);
    },
    stop: async () => {
      live?.close();
      await operations.stopHttp();
      feed.stop();
    },
  };
}

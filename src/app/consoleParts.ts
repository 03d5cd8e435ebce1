import type { Config } from '../config/index.js';
import type { Clock, ResultBus } from '../core/index.js';
import { isRandomWeights } from '../model/index.js';
import { ConsoleFeed, type ConsoleServices } from '../outputs/http/index.js';
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
}

/**
 * The HTTP endpoint with the web console as one part: the console's feed listens to the result
 * bus before anything is recognized, and the switches it offers are the controls service's.
 */
export function httpPart(deps: ConsoleDeps): Part {
  const { config, engine, pipeline, bus, clock, operations } = deps;
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
    system: () =>
      operations.systemReport({
        name: card.name,
        weights: card.weights,
        random_weights: randomWeights,
        provider: engine.provider,
      }),
  };
  return {
    name: 'http',
    start: () => {
      feed.start();
      return operations.startHttp(services);
    },
    stop: async () => {
      await operations.stopHttp();
      feed.stop();
    },
  };
}

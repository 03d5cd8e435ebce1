import type { Config } from '../config/index.js';
import { targetKey } from '../core/index.js';
import type { InferenceMonitor } from '../metrics/index.js';
import type { ClipRecorder } from '../outputs/clips/index.js';
import { type CameraReport, cameraReport } from '../outputs/http/index.js';
import type { ClientStats, MqttClient, OutboxStats } from '../outputs/mqtt/index.js';
import type { ClipScheduler } from '../schedule/index.js';
import type { CameraPipeline } from './cameraPipeline.js';
import type { DaemonProbe } from './operations.js';

/** The daemon's parts as they are at the moment of asking (null before they exist). */
export interface ProbeParts {
  config: Config;
  started: () => boolean;
  cameras: () => readonly CameraPipeline[];
  scheduler: () => ClipScheduler | null;
  client: () => MqttClient | null;
  outbox: () => { stats(): OutboxStats | null } | null;
  inference: InferenceMonitor;
  clips: () => ClipRecorder | null;
}

const NOT_CONNECTED: ClientStats = {
  connected: false,
  published: 0,
  dropped: 0,
  publishFailures: 0,
};

export function daemonProbe(parts: ProbeParts): DaemonProbe {
  return {
    started: parts.started,
    cameras: () => parts.cameras().flatMap((pipeline) => reportOf(pipeline, parts)),
    inference: () => parts.inference.snapshot(),
    mqtt: () => parts.client()?.stats() ?? NOT_CONNECTED,
    outbox: () => parts.outbox()?.stats() ?? null,
    clips: () => parts.clips()?.stats() ?? null,
    clipCatalog: () => parts.clips()?.library ?? null,
  };
}

function reportOf(pipeline: CameraPipeline, parts: ProbeParts): CameraReport[] {
  const config = parts.config.cameras.find((camera) => camera.name === pipeline.name);
  if (config === undefined) return [];
  const scheduler = parts.scheduler();
  const schedule = scheduler?.stats(pipeline.name);
  const regionSchedule = (region: string) => scheduler?.stats(targetKey(pipeline.name, region));
  const { source } = pipeline;
  const motion = pipeline.motionStats();
  return [cameraReport(config, source.state, source.stats(), schedule, motion, regionSchedule)];
}

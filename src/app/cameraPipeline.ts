import type { spawn as spawnFn } from 'node:child_process';
import { FrameRing } from '../buffer/index.js';
import type { CameraConfig } from '../config/index.js';
import type { Clock, ResultBus } from '../core/index.js';
import {
  FrameSource,
  type LiveOutput,
  type PassthroughOutput,
  type RecordingOutput,
  type SnapshotOutput,
} from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { ModelCard } from '../model/index.js';
import type { ClipScheduler } from '../schedule/index.js';
import type { MotionGateStats, MotionTap } from '../schedule/motion/index.js';
import { cameraMotionTap } from './cameraMotion.js';
import { warnSmallRegions } from './regionSizeCheck.js';
import { buildRegionTargets, type RegionTarget, ringCapacity } from './regionTargets.js';

export interface CameraPipelineDeps {
  camera: CameraConfig;
  card: ModelCard;
  stride: number;
  ffmpegPath: string;
  scaleFlags: string;
  scheduler: ClipScheduler;
  /** Where the source's state goes, as the camera's availability. */
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
  spawn?: typeof spawnFn;
  /** False while the camera's detection is switched off: frames flow, no windows are due. */
  detecting?: () => boolean;
  /** Alert snapshots from a second output of the same ffmpeg. */
  snapshots?: SnapshotOutput | undefined;
  /** Segments for event clips from another output of the same ffmpeg. */
  recording?: RecordingOutput | undefined;
  /** The web console's live view from another output of the same ffmpeg. */
  live?: LiveOutput | undefined;
  /** The camera's own stream, passed through to the console from the same ffmpeg. */
  passthrough?: PassthroughOutput | undefined;
}

/** The reason FrameSource gives for going offline because stop() was called. */
const STOPPED_REASON = 'stopped';

/**
 * One camera: its ffmpeg source writing into its own ring, the ring feeding the shared
 * scheduler, and the source's state announced as the camera's availability.
 */
export class CameraPipeline {
  readonly name: string;
  readonly ring: FrameRing;
  readonly source: FrameSource;
  /** Measures motion on the ring's frames and gates the camera's windows. */
  private readonly motion: MotionTap;

  /** The camera's regions, each a recognition target with a ring of its own. */
  readonly regions: readonly RegionTarget[];

  constructor(private readonly deps: CameraPipelineDeps) {
    const { camera, card, scheduler, bus } = deps;
    this.name = camera.name;
    this.motion = cameraMotionTap(camera, card, ({ state, atMs }) =>
      bus.emit('motion', { camera: camera.name, state, timeMs: atMs }),
    );
    this.ring = new FrameRing({
      frameBytes: card.cropSize * card.cropSize * 3,
      capacity: ringCapacity(card, deps.stride),
      onCommit: (seq, timeMs) => {
        // The gate must know a frame before the scheduler asks about a window ending with it.
        this.motion.onFrame(this.ring.frameAt(seq), seq, timeMs);
        // Without whole_frame the frames still flow (they keep the stall watchdog fed).
        if (camera.wholeFrame && deps.detecting?.() !== false) {
          scheduler.frameArrived(camera.name, seq);
        }
      },
    });
    this.regions = buildRegionTargets({
      camera,
      card,
      stride: deps.stride,
      scheduler,
      detecting: () => deps.detecting?.() !== false,
    });
    this.source = new FrameSource({
      camera,
      output: {
        cropSize: card.cropSize,
        resizeShortSide: card.resizeShortSide,
        fps: card.fps,
        scaleFlags: deps.scaleFlags,
      },
      ffmpegPath: deps.ffmpegPath,
      sink: this.ring,
      logger: deps.logger,
      clock: deps.clock,
      ...(deps.spawn ? { spawn: deps.spawn } : {}),
      ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
      ...(this.regions.length > 0 ? { regions: this.regions.map((r) => r.output) } : {}),
      ...(deps.recording ? { recording: deps.recording } : {}),
      ...(deps.live ? { live: deps.live } : {}),
      ...(deps.passthrough ? { passthrough: deps.passthrough } : {}),
    });
  }

  /** The scheduler's keys of this camera's targets (whole frame unless turned off, regions). */
  get targetKeys(): string[] {
    const regions = this.regions.map((region) => region.key);
    return this.deps.camera.wholeFrame ? [this.name, ...regions] : regions;
  }

  start(): void {
    const { scheduler, bus } = this.deps;
    if (this.deps.camera.wholeFrame) scheduler.addCamera(this.name, this.ring, this.motion.gate);
    for (const region of this.regions) scheduler.addCamera(region.key, region.ring);
    this.source.on('state', (state, detail) => {
      // A new ffmpeg run starts a new stream: never join its frames with the old run's.
      if (state === 'starting' || state === 'reconnecting') {
        for (const key of this.targetKeys) scheduler.restartWindows(key);
        this.motion.reset();
      }
      // 'starting' is not news to subscribers: the camera is online once frames flow, and
      // reconnecting once a run failed.
      if (state === 'starting') return;
      // Stopped with the daemon: the MQTT bridge's farewell says so, once, acknowledged.
      if (state === 'offline' && detail?.reason === STOPPED_REASON) return;
      bus.emit('availability', {
        camera: this.name,
        state,
        detail: detail?.reason ? { reason: detail.reason } : {},
      });
    });
    this.source.start();
    void warnSmallRegions(this.deps.camera, this.deps.card, this.deps.ffmpegPath, this.deps.logger);
  }

  motionStats(): MotionGateStats {
    return this.motion.gate.stats();
  }

  async stop(): Promise<void> {
    await this.source.stop();
  }
}

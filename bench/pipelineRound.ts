import type { InferenceSession } from 'onnxruntime-node';
import type { WindowSample } from './pipelineHarness.js';
import type { ProcessMemory } from './procStats.js';
import { summarize, type TimingSummary } from './stats.js';

export type Pace = 'realtime' | 'fast';

/** What pipeline.ts hands a worker (as JSON). */
export interface PipelineWorkerOptions {
  modelPath: string;
  labelsPath: string;
  brokerUrl: string;
  prefix: string;
  clips: string[];
  cameras: number;
  pace: Pace;
  stride: number;
  maxBatch: number;
  threads: number;
  /** onnxruntime session options over the engine's own (sessions.ts OPTION_SETS). */
  sessionOptions: InferenceSession.SessionOptions;
  /** Windows published before measuring starts (session warm-up, ring filling). */
  warmupWindows: number;
  /** Windows measured per round. */
  windows: number;
  rounds: number;
  /** Bare session.run calls per round. */
  bareRuns: number;
}

/** What a worker sends after each round. */
export type WorkerMessage = {
  kind: 'round';
  pipeline: PipelineRound;
  /** Bare onnxruntime, batch 1, ms per clip, next to this pipeline phase (before or after). */
  bare: TimingSummary;
  /** The same, while the cameras' ffmpeg decode to /dev/null beside it. */
  bareBesideDecode: TimingSummary;
};

export interface CameraRound {
  camera: string;
  /** ffmpeg's CPU time over wall time (1 = one core); null if its process was gone. */
  ffmpegCpu: number | null;
  /** Sampled frames (at the model's fps) that reached the ring per second. */
  framesPerS: number;
}

/** One pipeline round, measured after the warm-up windows. */
export interface PipelineRound {
  /** Windows published in the round, warm-up included. */
  published: number;
  windows: number;
  seconds: number;
  windowsPerS: number;
  /** Share of the measured time the engine was running a batch. */
  engineBusy: number;
  /** Windows replaced by a newer one before inference took them. */
  skipped: number;
  inferMsPerBatch: TimingSummary;
  /**
   * Time from one published batch to the next, per window: what a window costs end to end
   * while the engine is kept busy. Null with fewer than two batches.
   */
  cycleMsPerWindow: TimingSummary | null;
  latencyMs: TimingSummary;
  /** JavaScript work per window: copy into the slots, softmax + top-k, payload, publish. */
  js: {
    packMs: TimingSummary;
    recognizeMs: TimingSummary;
    payloadMs: TimingSummary;
    publishMs: TimingSummary;
    totalMs: TimingSummary;
  };
  cameras: CameraRound[];
  /** CPU of the pipeline's main thread (event loop: pipes, rings, scheduler, MQTT), 1 = a core. */
  mainThreadCpu: number;
  /** The pipeline process after its first phase, before the bench's bare session existed. */
  memory: ProcessMemory;
}

export interface RoundInput {
  published: number;
  /** The measured windows (after the warm-up). */
  samples: readonly WindowSample[];
  seconds: number;
  cpuShares: ReadonlyMap<number, number | null>;
  pids: ReadonlyMap<string, number>;
  framesBefore: ReadonlyMap<string, number>;
  framesAfter: ReadonlyMap<string, number>;
  skipped: number;
  mainThreadCpuMs: number;
  memory: ProcessMemory;
}

export function summarizeRound(input: RoundInput): PipelineRound {
  const { samples, seconds } = input;
  if (samples.length === 0) throw new RangeError('a pipeline round needs at least one window');
  if (!(seconds > 0))
    throw new RangeError(`a pipeline round needs a positive duration, got ${seconds}`);
  const of = (pick: (s: WindowSample) => number) => summarize(samples.map(pick));
  // Windows of one batch share its run: each carries 1/batchSize of it.
  const busyMs = samples.reduce((sum, s) => sum + s.inferMs / s.batchSize, 0);
  return {
    published: input.published,
    windows: samples.length,
    seconds,
    windowsPerS: samples.length / seconds,
    engineBusy: busyMs / (seconds * 1000),
    skipped: input.skipped,
    inferMsPerBatch: of((s) => s.inferMs),
    cycleMsPerWindow: cyclesPerWindow(samples),
    latencyMs: of((s) => s.latencyMs),
    js: {
      packMs: of((s) => s.packMs),
      recognizeMs: of((s) => s.recognizeMs),
      payloadMs: of((s) => s.payloadMs),
      publishMs: of((s) => s.publishMs),
      totalMs: of((s) => s.packMs + s.recognizeMs + s.payloadMs + s.publishMs),
    },
    cameras: [...input.framesAfter.keys()].map((camera) => {
      const pid = input.pids.get(camera);
      const frames = (input.framesAfter.get(camera) ?? 0) - (input.framesBefore.get(camera) ?? 0);
      return {
        camera,
        ffmpegCpu: pid === undefined ? null : (input.cpuShares.get(pid) ?? null),
        framesPerS: frames / seconds,
      };
    }),
    mainThreadCpu: input.mainThreadCpuMs / (seconds * 1000),
    memory: input.memory,
  };
}

/** Gaps between consecutive published batches (a batch's windows share one publish time). */
export function cyclesPerWindow(samples: readonly WindowSample[]): TimingSummary | null {
  const batches = new Map<number, number>();
  for (const s of samples) batches.set(s.publishedAt, s.batchSize);
  const times = [...batches.keys()].sort((a, b) => a - b);
  const cycles = times
    .slice(1)
    .map((t, i) => (t - (times[i] as number)) / (batches.get(t) as number));
  return cycles.length === 0 ? null : summarize(cycles);
}

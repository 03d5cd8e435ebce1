import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from 'mqtt';
import { startBenchBroker } from './broker.js';
import type { PipelineRound, PipelineWorkerOptions, WorkerMessage } from './pipelineRound.js';
import { median, type TimingSummary } from './stats.js';

export type PipelineBenchOptions = Omit<PipelineWorkerOptions, 'brokerUrl' | 'prefix'>;

export interface PipelineRoundPair {
  pipeline: PipelineRound;
  /** Bare onnxruntime, batch 1, beside this round's pipeline phase: ms per clip. */
  bare: TimingSummary;
  /** Bare runs while the cameras' ffmpeg decode beside them, to /dev/null. */
  bareBesideDecode: TimingSummary;
  /** Pipeline windows/s over bare clips/s of the same round. */
  ratio: number;
  /**
   * Pipeline windows/s over bare clips/s beside decoding: what the pipeline's own code (pipes,
   * rings, scheduler, inference thread, MQTT) costs beyond sharing the cores with ffmpeg.
   */
  ratioBesideDecode: number;
}

export interface PipelineBenchResult {
  options: PipelineBenchOptions;
  rounds: PipelineRoundPair[];
  /** Median over rounds of the per-round ratio. */
  ratio: number;
  /** Median over rounds of the per-round ratio to bare runs beside decoding. */
  ratioBesideDecode: number;
  /** All rounds pooled: windows over pipeline time against bare runs over bare time. */
  pooledRatio: number;
  /**
   * Fastest bare run over the fastest window cycle: the runs least disturbed by other
   * processes, so what the pipeline itself costs on a machine that others share.
   */
  bestRatio: number | null;
  /** Action messages a subscriber on the broker received, and how many were published. */
  delivered: number;
  published: number;
}

const PREFIX = 'bench';
const DELIVERY_GRACE_MS = 300;
const WORKER = fileURLToPath(new URL('./pipelineWorker.js', import.meta.url));

/**
 * Pipeline against model-only, side by side: one process runs the pipeline (real ffmpeg
 * cameras, rings, scheduler, engine, recognizer, MQTT to a Mosquitto started here) and, between
 * its phases, bare onnxruntime on the same model; a subscriber here checks that every
 * published window reached the broker.
 */
export async function benchPipeline(opts: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const broker = await startBenchBroker();
  const subscriber = connect(broker.url, { clientId: `actionwatch-bench-sub-${process.pid}` });
  let delivered = 0;
  subscriber.on('message', () => {
    delivered += 1;
  });
  try {
    await subscriber.subscribeAsync(`${PREFIX}/+/action`);
    const rounds = await runWorker({ ...opts, brokerUrl: broker.url, prefix: PREFIX });
    // qos 0 actions written just before the worker exited may still be on their way.
    await new Promise((resolve) => setTimeout(resolve, DELIVERY_GRACE_MS));
    return {
      options: opts,
      rounds,
      ratio: median(rounds.map((r) => r.ratio)),
      ratioBesideDecode: median(rounds.map((r) => r.ratioBesideDecode)),
      ...overallRatios(rounds),
      delivered,
      published: rounds.reduce((sum, r) => sum + r.pipeline.published, 0),
    };
  } finally {
    await subscriber.endAsync();
    await broker.stop();
  }
}

function runWorker(opts: PipelineWorkerOptions): Promise<PipelineRoundPair[]> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(opts)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const rounds: PipelineRoundPair[] = [];
    child.on('message', (message: WorkerMessage) => {
      rounds.push(pairRound(message));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && rounds.length === opts.rounds) resolve(rounds);
      else
        reject(
          new Error(
            `pipeline worker ended with ${signal ?? `code ${code}`} after ${rounds.length} rounds`,
          ),
        );
    });
  });
}

/** A round's pipeline phase against its two bare phases. */
export function pairRound(message: WorkerMessage): PipelineRoundPair {
  const { pipeline, bare, bareBesideDecode } = message;
  const ratioTo = (t: TimingSummary) => pipeline.windowsPerS / (1000 / t.medianMs);
  return {
    pipeline,
    bare,
    bareBesideDecode,
    ratio: ratioTo(bare),
    ratioBesideDecode: ratioTo(bareBesideDecode),
  };
}

export function overallRatios(
  rounds: readonly PipelineRoundPair[],
): Pick<PipelineBenchResult, 'pooledRatio' | 'bestRatio'> {
  const windows = rounds.reduce((sum, r) => sum + r.pipeline.windows, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.pipeline.seconds, 0);
  const bareRuns = rounds.reduce((sum, r) => sum + r.bare.runs, 0);
  const bareMs = rounds.reduce((sum, r) => sum + r.bare.meanMs * r.bare.runs, 0);
  const cycles = rounds.flatMap((r) =>
    r.pipeline.cycleMsPerWindow ? [r.pipeline.cycleMsPerWindow.minMs] : [],
  );
  const bestBare = Math.min(...rounds.map((r) => r.bare.minMs));
  return {
    pooledRatio: windows / seconds / (bareRuns / (bareMs / 1000)),
    bestRatio: cycles.length === 0 ? null : bestBare / Math.min(...cycles),
  };
}

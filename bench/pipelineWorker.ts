/**
 * The pipeline side of the pipeline bench, in its own process so that nothing of the bench's
 * parent (its broker client, its bookkeeping) runs beside it. Started by pipeline.ts with
 * fork(); gets PipelineWorkerOptions as JSON in argv[2]. Each round has a pipeline phase
 * (cameras running, windows measured) and a model-only phase (cameras stopped, bare
 * onnxruntime session.run on the same model), in alternating order, so that a machine whose
 * load drifts weighs on both alike; it sends a WorkerMessage per round.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log/index.js';
import { BareSession } from './bareSession.js';
import { DecodeLoad } from './decodeBeside.js';
import { PipelineHarness } from './pipelineHarness.js';
import { type PipelineWorkerOptions, summarizeRound, type WorkerMessage } from './pipelineRound.js';
import { CpuMeter, mainThreadCpuMs, type ProcessMemory, processMemory } from './procStats.js';
import { summarize } from './stats.js';

/** ffmpeg's start (probing the file, opening the decoder) before the bare runs begin. */
const DECODE_SETTLE_MS = 500;

function writeConfig(dir: string, opts: PipelineWorkerOptions): string {
  const file = path.join(dir, 'bench.json');
  const config = {
    mqtt: {
      url: opts.brokerUrl,
      prefix: opts.prefix,
      client_id: `actionwatch-bench-${process.pid}`,
    },
    model: {
      path: opts.modelPath,
      labels: opts.labelsPath,
      threads: opts.threads,
      max_batch: opts.maxBatch,
    },
    recognition: { stride: opts.stride },
    log: { level: 'error' },
    state_dir: path.join(dir, 'state'),
    cameras: Array.from({ length: opts.cameras }, (_, i) => ({
      name: `cam${i}`,
      source: {
        url: opts.clips[i % opts.clips.length],
        realtime: opts.pace === 'realtime',
        loop: true,
      },
      // The bench measures what every window costs: a still stretch of a clip must not
      // drop windows from the numbers.
      motion: { enabled: false },
    })),
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Cameras on until `warmupWindows` then `windows` more windows are published. */
async function pipelinePhase(harness: PipelineHarness, opts: PipelineWorkerOptions) {
  const first = harness.samples.length;
  harness.startCameras();
  await harness.windows(first + opts.warmupWindows);
  const cpu = new CpuMeter();
  cpu.start([...harness.pids().values()]);
  const framesBefore = harness.frameCounts();
  const skippedBefore = harness.skippedWindows();
  const mainCpuBefore = mainThreadCpuMs();
  const startedAt = performance.now();
  await harness.windows(first + opts.warmupWindows + opts.windows);
  const seconds = (performance.now() - startedAt) / 1000;
  const input = {
    mainThreadCpuMs: mainThreadCpuMs() - mainCpuBefore,
    samples: harness.samples.slice(first + opts.warmupWindows),
    seconds,
    cpuShares: cpu.read(),
    pids: new Map(harness.pids()),
    framesBefore,
    framesAfter: harness.frameCounts(),
    skipped: harness.skippedWindows() - skippedBefore,
  };
  await harness.stopCameras();
  // Runs in flight when measuring ended were published while stopping: count them too.
  return { ...input, published: harness.samples.length - first };
}

/**
 * Bare runs after one uncounted run: like the pipeline's warm-up windows, the first run after
 * the other session's phase pays for bringing its weights and threads back (about 1.5x).
 */
async function timeBareRuns(bare: BareSession, runs: number): Promise<number[]> {
  await bare.timeRun(1);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await bare.timeRun(1));
  return ms;
}

/** Bare runs while the cameras' ffmpeg decode to /dev/null beside them (decodeBeside.ts). */
async function timeBesideDecode(
  bare: BareSession,
  decode: DecodeLoad,
  harness: PipelineHarness,
  opts: PipelineWorkerOptions,
): Promise<number[]> {
  await decode.start(harness.argvs().values(), DECODE_SETTLE_MS);
  try {
    return await timeBareRuns(bare, opts.bareRuns);
  } finally {
    await decode.stop();
  }
}

async function main(opts: PipelineWorkerOptions): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-bench-'));
  const harness = new PipelineHarness(
    loadConfig({ file: writeConfig(dir, opts), env: {} }),
    createLogger('error', pino.destination(2)),
    opts.sessionOptions,
  );
  let bare: BareSession | null = null;
  let daemonMemory: ProcessMemory | null = null;
  try {
    await harness.start();
    const decode = new DecodeLoad();
    for (let round = 0; round < opts.rounds; round++) {
      // Pipeline, bare, bare beside decoding in even rounds, the reverse in odd ones: a
      // machine whose speed drifts during the run then weighs on all three alike.
      const forward = round % 2 === 0;
      let phase = forward ? await pipelinePhase(harness, opts) : null;
      // Round 0 starts with the pipeline: until the bare session opens, only the daemon's
      // parts are in memory, so that is the daemon's footprint. It also records the cameras'
      // ffmpeg command lines that the decode phase runs.
      daemonMemory ??= processMemory();
      bare ??= await BareSession.open({
        modelPath: opts.modelPath,
        provider: 'cpu',
        threads: opts.threads,
      });
      const decodeFirst = forward ? null : await timeBesideDecode(bare, decode, harness, opts);
      const bareMs = await timeBareRuns(bare, opts.bareRuns);
      const besideDecodeMs = decodeFirst ?? (await timeBesideDecode(bare, decode, harness, opts));
      phase ??= await pipelinePhase(harness, opts);
      send({
        kind: 'round',
        pipeline: summarizeRound({ ...phase, memory: daemonMemory }),
        bare: summarize(bareMs),
        bareBesideDecode: summarize(besideDecodeMs),
      });
    }
  } finally {
    await bare?.release();
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as PipelineWorkerOptions).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`pipeline worker: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

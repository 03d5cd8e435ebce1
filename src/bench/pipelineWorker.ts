/**
 * The pipeline side of the pipeline bench, in its own process so that nothing of the bench's
 * parent (its broker client, its bookkeeping) runs beside it. Started by pipeline.ts with
 * fork(); gets PipelineWorkerOptions as JSON in argv[2]. It alternates, round by round, a
 * pipeline phase (cameras running, windows measured) with a model-only phase (cameras stopped,
 * bare onnxruntime session.run on the same model), so that a machine whose load drifts
 * weighs on both alike, and sends a WorkerMessage per round.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { BareSession } from './bareSession.js';
import { PipelineHarness } from './pipelineHarness.js';
import { type PipelineWorkerOptions, summarizeRound, type WorkerMessage } from './pipelineRound.js';
import { CpuMeter, mainThreadCpuMs, type ProcessMemory, processMemory } from './procStats.js';
import { summarize } from './stats.js';

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
    for (let round = 0; round < opts.rounds; round++) {
      const phase = await pipelinePhase(harness, opts);
      // Only the daemon's parts exist until the bare session opens: that is its memory.
      daemonMemory ??= processMemory();
      bare ??= await BareSession.open({
        modelPath: opts.modelPath,
        provider: 'cpu',
        threads: opts.threads,
      });
      // Not counted, like the pipeline's warm-up windows: the first run after the other
      // session's phase pays for bringing its weights and threads back (about 1.5x).
      await bare.timeRun(1);
      const bareMs: number[] = [];
      for (let i = 0; i < opts.bareRuns; i++) bareMs.push(await bare.timeRun(1));
      send({
        kind: 'round',
        pipeline: summarizeRound({ ...phase, memory: daemonMemory }),
        bare: summarize(bareMs),
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

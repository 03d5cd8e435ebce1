/**
 * One case of the capacity bench in its own process (its RSS is the daemon's for that many
 * cameras; nothing of an earlier case stays in memory). Started by capacity.ts with fork();
 * gets CapacityWorkerOptions as JSON in argv[2], runs the daemon's parts (PipelineHarness,
 * the wiring Daemon.start uses) with the case's cameras, and sends one CaseMeasurement.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log/index.js';
import { type CapacityCase, type CaseMeasurement, cameraName } from './capacityStats.js';
import { type CameraCounts, PipelineHarness } from './pipelineHarness.js';
import { CpuMeter, processMemory } from './procStats.js';

export interface CapacityWorkerOptions {
  case: CapacityCase;
  modelPath: string;
  labelsPath: string;
  brokerUrl: string;
  prefix: string;
  movingClip: string;
  stillClip: string;
  stride: number;
  threads: number;
  holdMs: number;
  /** Seconds after the cameras start before measuring (model warm-up, still cameras idle). */
  warmupS: number;
  measureS: number;
}

function writeConfig(dir: string, opts: CapacityWorkerOptions): string {
  const file = path.join(dir, 'capacity.json');
  const { cameras, moving, gating } = opts.case;
  const config = {
    mqtt: { url: opts.brokerUrl, prefix: opts.prefix, client_id: `aw-capacity-${process.pid}` },
    model: { path: opts.modelPath, labels: opts.labelsPath, threads: opts.threads },
    recognition: { stride: opts.stride },
    log: { level: 'error' },
    state_dir: path.join(dir, 'state'),
    cameras: Array.from({ length: cameras }, (_, i) => ({
      name: cameraName(i, moving),
      source: { url: i < moving ? opts.movingClip : opts.stillClip, realtime: true, loop: true },
      motion: { enabled: gating, hold_ms: opts.holdMs },
    })),
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function ffmpegRssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // ffmpeg exited (looping restarts it): counted as nothing.
    }
  }
  return kib / 1024;
}

function delta(
  after: ReadonlyMap<string, CameraCounts>,
  before: ReadonlyMap<string, CameraCounts>,
  pick: (c: CameraCounts) => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, counts] of after) {
    const start = before.get(name);
    out[name] = pick(counts) - (start ? pick(start) : 0);
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(opts: CapacityWorkerOptions): Promise<CaseMeasurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-capacity-'));
  const harness = new PipelineHarness(
    loadConfig({ file: writeConfig(dir, opts), env: {} }),
    createLogger('error', pino.destination(2)),
  );
  try {
    await harness.start();
    harness.startCameras();
    await sleep(opts.warmupS * 1000);
    const ffmpegPids = [...harness.pids().values()];
    const daemonCpu = new CpuMeter();
    const ffmpegCpu = new CpuMeter();
    daemonCpu.start([process.pid]);
    ffmpegCpu.start(ffmpegPids);
    const countsBefore = harness.cameraCounts();
    const firstSample = harness.samples.length;
    const startedAt = performance.now();
    await sleep(opts.measureS * 1000);
    const seconds = (performance.now() - startedAt) / 1000;
    const countsAfter = harness.cameraCounts();
    const samples = harness.samples.slice(firstSample);
    const windowTimes: Record<string, number[]> = {};
    for (const name of countsAfter.keys()) windowTimes[name] = [];
    for (const s of samples) windowTimes[s.camera]?.push(s.publishedAt);
    const memory = processMemory();
    const shares = [...ffmpegCpu.read().values()];
    const measurement: CaseMeasurement = {
      seconds,
      windowTimes,
      skipped: delta(countsAfter, countsBefore, (c) => c.skipped),
      idle: delta(countsAfter, countsBefore, (c) => c.idle),
      frames: delta(countsAfter, countsBefore, (c) => c.framesIn),
      movingCameras: Array.from({ length: opts.case.moving }, (_, i) =>
        cameraName(i, opts.case.moving),
      ),
      daemonCpu: daemonCpu.read().get(process.pid) ?? 0,
      ffmpegCpu: shares.reduce<number>((sum, s) => sum + (s ?? 0), 0),
      daemonRssMiB: memory.rssMiB,
      daemonPeakRssMiB: memory.peakRssMiB,
      ffmpegRssMiB: ffmpegRssMiB(ffmpegPids),
    };
    return measurement;
  } finally {
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as CapacityWorkerOptions).then(
  (measurement) => {
    process.send?.(measurement);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`capacity worker: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

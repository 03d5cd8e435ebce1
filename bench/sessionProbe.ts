/**
 * One session-options probe in a fresh process (memory arenas never shrink, so every option
 * set needs its own process to show its own RSS). Started by sessions.ts with fork(); gets a
 * ProbeRequest as JSON in argv[2] and sends a ProbeResult back.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { BareSession } from './bareSession.js';
import { processMemory } from './procStats.js';
import { summarize, type TimingSummary } from './stats.js';

export interface ProbeRequest {
  modelPath: string;
  options: InferenceSession.SessionOptions;
  threads: number | 'onnxruntime';
  runs: number;
}

export interface ProbeResult {
  loadMs: number;
  ms: TimingSummary;
  rssAfterLoadMiB: number;
  rssAfterRunsMiB: number;
  peakRssMiB: number;
}

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const started = performance.now();
  const session = await BareSession.open({
    modelPath: request.modelPath,
    provider: 'cpu',
    threads: request.threads,
    extraOptions: request.options,
  });
  const loadMs = performance.now() - started;
  const afterLoad = processMemory();
  await session.timeRun(1); // the first run plans memory and packs weights
  const ms: number[] = [];
  for (let i = 0; i < request.runs; i++) ms.push(await session.timeRun(1));
  const afterRuns = processMemory();
  await session.release();
  return {
    loadMs,
    ms: summarize(ms),
    rssAfterLoadMiB: afterLoad.rssMiB,
    rssAfterRunsMiB: afterRuns.rssMiB,
    peakRssMiB: afterRuns.peakRssMiB,
  };
}

probe(JSON.parse(process.argv[2] ?? '{}') as ProbeRequest).then(
  (result) => {
    process.send?.(result);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`session probe: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

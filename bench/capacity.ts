import { execFile, fork } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import { startBenchBroker } from './broker.js';
import { CAPACITY_USAGE, type CapacityOptions, capacityOptions } from './capacityOptions.js';
import {
  type CapacityCase,
  type CaseMeasurement,
  type CaseSummary,
  capacityTable,
  foldRepeats,
  gatingGains,
  planCases,
  summarizeCase,
} from './capacityStats.js';
import type { CapacityWorkerOptions } from './capacityWorker.js';
import { contextStart, describeLoad, writeResult } from './results.js';

export { CAPACITY_USAGE };

const WORKER = fileURLToPath(new URL('./capacityWorker.js', import.meta.url));
const PREFIX = 'capacity';
const execFileAsync = promisify(execFile);

/** testsrc2's first picture, looped, with a camera's faint sensor noise: never motion. */
const STILL_FILTER =
  'trim=end_frame=1,loop=loop=-1:size=1,setpts=N/FRAME_RATE/TB,noise=alls=10:allf=t';

export async function capacityCommand(argv: string[]): Promise<void> {
  const opts = capacityOptions(argv);
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clips = await cameraClips(ffmpeg, opts);
  const cases = planCases(opts.cameraCounts, opts.movingShare, opts.repeats);
  const context = contextStart();
  const broker = await startBenchBroker();
  const summaries: CaseSummary[] = [];
  const measurements: Array<{ case: CapacityCase; measurement: CaseMeasurement }> = [];
  try {
    for (const [i, c] of cases.entries()) {
      process.stderr.write(
        `case ${i + 1}/${cases.length}: ${c.cameras} cameras (${c.moving} moving), gating ${c.gating ? 'on' : 'off'}\n`,
      );
      const measurement = await runCase({
        case: c,
        modelPath: path.resolve(opts.modelPath),
        labelsPath: path.resolve(opts.labelsPath),
        brokerUrl: broker.url,
        prefix: PREFIX,
        movingClip: clips.moving,
        stillClip: clips.still,
        stride: opts.stride,
        threads: opts.threads,
        holdMs: opts.holdMs,
        warmupS: opts.warmupS,
        measureS: opts.measureS,
      });
      measurements.push({ case: c, measurement });
      summaries.push(summarizeCase(c, measurement));
    }
  } finally {
    await broker.stop();
  }
  const finished = context.finish();
  const rows = foldRepeats(summaries);
  process.stdout.write(
    [
      `model: ${opts.modelPath}  stride: ${opts.stride}  hold: ${opts.holdMs} ms  cameras: ${opts.width}x${opts.height} ${opts.fps} fps H.264, real time  repeats: ${opts.repeats} (median, range)  measured ${opts.measureS} s a case after ${opts.warmupS} s`,
      capacityTable(rows),
      ...gatingGains(rows),
      describeLoad(finished),
      '',
    ].join('\n'),
  );
  const file = writeResult(opts.outDir, 'capacity', {
    context: finished,
    options: opts,
    rows,
    cases: summaries,
    measurements,
  });
  process.stdout.write(`wrote ${file}\n`);
}

function runCase(opts: CapacityWorkerOptions): Promise<CaseMeasurement> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(opts)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: CaseMeasurement | null = null;
    child.on('message', (message) => {
      result = message as CaseMeasurement;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== null && code === 0) resolve(result);
      else
        reject(new Error(`capacity worker ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}

/**
 * The cameras' videos, made once per size and frame rate under build/bench-clips: testsrc2's
 * moving pattern (10 s, looped) and its first picture held still with sensor noise (4 s).
 */
async function cameraClips(
  ffmpeg: string,
  opts: Pick<CapacityOptions, 'width' | 'height' | 'fps'>,
): Promise<{ moving: string; still: string }> {
  const dir = path.resolve('build/bench-clips');
  mkdirSync(dir, { recursive: true });
  const size = `${opts.width}x${opts.height}`;
  const make = async (name: string, filter: string | null, seconds: number) => {
    const file = path.join(dir, `${name}-${size}-${opts.fps}.mp4`);
    if (existsSync(file)) return file;
    const partial = `${file}.partial.mp4`;
    await execFileAsync(ffmpeg, [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${opts.fps}`],
      ...(filter === null ? [] : ['-vf', filter.replace('FRAME_RATE', String(opts.fps))]),
      ...['-t', String(seconds), '-r', String(opts.fps)],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(opts.fps)],
      partial,
    ]);
    renameSync(partial, file);
    return file;
  };
  return { moving: await make('moving', null, 10), still: await make('still', STILL_FILTER, 4) };
}

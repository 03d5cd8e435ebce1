import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { InferenceSession } from 'onnxruntime-node';
import { positiveInteger } from './args.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import type { ProbeRequest, ProbeResult } from './sessionProbe.js';
import { fixed, formatTable } from './stats.js';

export const SESSIONS_USAGE = `npm run bench -- sessions [--model FILE] [--runs N] [--rounds N] [--sets A,B] [--out DIR]

  onnxruntime session options against time and memory: each option set loads the model in a
  fresh process (RSS after load, after the runs, peak) and times --runs runs at batch 1. Rounds
  repeat the whole list so that a load change shows up as disagreement between rounds.`;

/** Option sets worth knowing about; the first is what InferenceEngine uses. */
export const OPTION_SETS: ReadonlyArray<{
  name: string;
  options: InferenceSession.SessionOptions;
  /** Leave the thread count to onnxruntime (sessions bench only; the engine always sets it). */
  onnxruntimeThreads?: true;
}> = [
  {
    name: 'engine default (opt all; no memory pattern; a thread per core; no spinning)',
    options: {},
  },
  { name: "onnxruntime's own thread count", options: {}, onnxruntimeThreads: true },
  { name: 'no CPU memory arena', options: { enableCpuMemArena: false } },
  { name: 'memory pattern on', options: { enableMemPattern: true } },
  { name: 'graph opt extended', options: { graphOptimizationLevel: 'extended' } },
  { name: 'graph opt basic', options: { graphOptimizationLevel: 'basic' } },
  { name: '1 intra-op thread', options: { intraOpNumThreads: 1 } },
  {
    name: "onnxruntime's thread spinning",
    options: { extra: { session: { intra_op: { allow_spinning: '1' } } } },
  },
];

const PROBE = fileURLToPath(new URL('./sessionProbe.js', import.meta.url));

export async function sessionsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      runs: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '1' },
      sets: { type: 'string' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const runs = positiveInteger('runs', values.runs);
  const rounds = positiveInteger('rounds', values.rounds);
  const sets = values.sets === undefined ? OPTION_SETS : namedSets(values.sets);
  const context = contextStart();
  const rows: Array<{ round: number; name: string; result: ProbeResult }> = [];
  for (let round = 1; round <= rounds; round++) {
    for (const set of sets) {
      const result = await runProbe({
        modelPath: values.model,
        options: set.options,
        threads: set.onnxruntimeThreads ? 'onnxruntime' : 0,
        runs,
      });
      rows.push({ round, name: set.name, result });
    }
  }
  const finished = context.finish();
  const base = rows[0]?.result.ms.medianMs ?? Number.NaN;
  const table = formatTable(
    [
      'options',
      'round',
      'ms/clip p50',
      'vs default',
      'load ms',
      'RSS loaded',
      'RSS after runs',
      'peak RSS',
    ],
    rows.map(({ round, name, result: r }) => [
      name,
      String(round),
      fixed(r.ms.medianMs),
      fixed(r.ms.medianMs / base, 3),
      fixed(r.loadMs, 0),
      `${fixed(r.rssAfterLoadMiB, 0)} MiB`,
      `${fixed(r.rssAfterRunsMiB, 0)} MiB`,
      `${fixed(r.peakRssMiB, 0)} MiB`,
    ]),
  );
  process.stdout.write(
    `model: ${values.model}  runs: ${runs}\n${table}\n${describeLoad(finished)}\n`,
  );
  const file = writeResult(values.out, 'sessions', {
    context: finished,
    model: values.model,
    rows,
  });
  process.stdout.write(`wrote ${file}\n`);
}

/** `--sets 'a,b'`: option sets by name, in the order given. */
function namedSets(names: string): typeof OPTION_SETS {
  return names.split(',').map((name) => {
    const set = OPTION_SETS.find((s) => s.name === name.trim());
    if (set === undefined) {
      const known = OPTION_SETS.map((s) => `'${s.name}'`).join(', ');
      throw new RangeError(`--sets: no option set '${name.trim()}' (known: ${known})`);
    }
    return set;
  });
}

function runProbe(request: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(PROBE, [JSON.stringify(request)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ProbeResult | null = null;
    child.on('message', (message) => {
      result = message as ProbeResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== null && code === 0) resolve(result);
      else reject(new Error(`session probe ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}

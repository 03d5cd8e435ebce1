import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  defaultCardPath,
  engineSessionOptions,
  loadModelCard,
  type ModelCard,
} from '../src/model/index.js';
import { nonNegativeInteger } from './args.js';
import { fixed, formatTable, percent } from './stats.js';

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

/** ms per run spent in each op type (after onnxruntime's fusions), and in all of them. */
export interface OpProfile {
  runs: number;
  totalMs: number;
  byOpType: Record<string, number>;
}

/**
 * Where a model's time goes, from onnxruntime's own per-node profile: the kernel time of every
 * node summed by op type over `runs` runs of one clip, per run. The op types are those after
 * the graph optimizer (MatMulIntegerToFloat, QLinearConv, ...), so this also shows what a
 * quantized graph was fused into.
 */
export async function profileOpTypes(
  modelPath: string,
  card: ModelCard,
  input: Uint8Array,
  threads: number,
  runs: number,
): Promise<OpProfile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-ops-'));
  try {
    const session = await InferenceSession.create(modelPath, {
      ...engineSessionOptions(threads),
      enableProfiling: true,
      profileFilePrefix: path.join(dir, 'profile'),
    });
    const { clipLength: t, cropSize: s } = card;
    const feeds = { [card.input.name]: new Tensor('uint8', input, [1, t, s, s, 3]) };
    // The first run allocates and tunes; it is not what a camera's windows cost.
    await session.run(feeds);
    const skipBefore = Date.now();
    for (let run = 0; run < runs; run++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir)[0];
    if (file === undefined) throw new Error(`${modelPath}: onnxruntime wrote no profile`);
    const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ProfileEvent[];
    return summarize(events, runs, skipBefore);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(events: ProfileEvent[], runs: number, _skipBefore: number): OpProfile {
  const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
  // Every node appears once per run; the first run's share is dropped by node count.
  const perRun = kernels.length / (runs + 1);
  const measured = kernels.slice(Math.round(perRun));
  const byOpType: Record<string, number> = {};
  for (const e of measured) {
    const op = e.args?.op_name ?? 'unknown';
    byOpType[op] = (byOpType[op] ?? 0) + e.dur / 1000 / runs;
  }
  const totalMs = Object.values(byOpType).reduce((sum, ms) => sum + ms, 0);
  return { runs, totalMs, byOpType };
}

/** Each model's profile on the same fixed pseudo-random clip (speed does not depend on pixels). */
export async function profileModels(
  modelPaths: readonly string[],
  runs: number,
  threadsArg: string,
): Promise<{ model: string; profile: OpProfile }[]> {
  const threads = nonNegativeInteger('threads', threadsArg);
  const out: { model: string; profile: OpProfile }[] = [];
  for (const model of modelPaths) {
    const card = loadModelCard(defaultCardPath(model));
    if (card.input.dtype !== 'uint8') throw new Error(`${model}: profiling needs a uint8 model`);
    const input = new Uint8Array(card.clipLength * card.cropSize * card.cropSize * 3);
    for (let i = 0; i < input.length; i++) input[i] = (i * 2654435761) >>> 24;
    out.push({ model, profile: await profileOpTypes(model, card, input, threads, runs) });
  }
  return out;
}

/** Op types as rows (the largest first, by the first model), one ms and share column per model. */
export function formatProfiles(profiles: readonly { model: string; profile: OpProfile }[]): string {
  const first = profiles[0]?.profile.byOpType ?? {};
  const ops = [...new Set(profiles.flatMap((p) => Object.keys(p.profile.byOpType)))].sort(
    (a, b) => (first[b] ?? 0) - (first[a] ?? 0),
  );
  const rows = ops.map((op) => [
    op,
    ...profiles.map(({ profile }) => {
      const ms = profile.byOpType[op];
      return ms === undefined ? '-' : `${fixed(ms)} (${percent(ms / profile.totalMs)})`;
    }),
  ]);
  rows.push(['all', ...profiles.map(({ profile }) => fixed(profile.totalMs))]);
  const header = ['op type (kernel ms per run)', ...profiles.map((p) => path.basename(p.model))];
  return formatTable(header, rows);
}

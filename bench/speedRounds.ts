import { BareSession } from './bareSession.js';
import { median, summarize, type TimingSummary } from './stats.js';

export interface SpeedRoundsOptions {
  referencePath: string;
  candidatePath: string;
  threads: number;
  /** Rounds; in each, both models run `runs` times, in turn, the first one alternating. */
  rounds: number;
  runs: number;
}

export interface SpeedRound {
  referenceMs: number;
  candidateMs: number;
  /** reference ms / candidate ms: the candidate's clips/s over the reference's. */
  speedup: number;
}

export interface SpeedRoundsResult {
  rounds: SpeedRound[];
  reference: TimingSummary;
  candidate: TimingSummary;
  speedup: { median: number; min: number; max: number };
}

/**
 * Two models' ms per clip side by side: round after round, each runs a few clips (bare
 * onnxruntime with the engine's session options) while the other waits. On a shared machine
 * the load changes from minute to minute; a ratio taken within one round sees the same load.
 */
export async function speedRounds(opts: SpeedRoundsOptions): Promise<SpeedRoundsResult> {
  const open = (modelPath: string) =>
    BareSession.open({ modelPath, provider: 'cpu', threads: opts.threads });
  const reference = await open(opts.referencePath);
  const candidate = await open(opts.candidatePath);
  const all = { reference: [] as number[], candidate: [] as number[] };
  const rounds: SpeedRound[] = [];
  try {
    // One warm-up run each: the first run allocates and prepacks.
    await reference.timeRun(1);
    await candidate.timeRun(1);
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? [reference, candidate] : [candidate, reference];
      const ms = new Map<BareSession, number[]>([
        [reference, []],
        [candidate, []],
      ]);
      for (const session of order) {
        for (let run = 0; run < opts.runs; run++) ms.get(session)?.push(await session.timeRun(1));
      }
      const referenceMs = median(ms.get(reference) ?? []);
      const candidateMs = median(ms.get(candidate) ?? []);
      all.reference.push(...(ms.get(reference) ?? []));
      all.candidate.push(...(ms.get(candidate) ?? []));
      rounds.push({ referenceMs, candidateMs, speedup: referenceMs / candidateMs });
    }
  } finally {
    await reference.release();
    await candidate.release();
  }
  const speedups = rounds.map((r) => r.speedup);
  return {
    rounds,
    reference: summarize(all.reference),
    candidate: summarize(all.candidate),
    speedup: { median: median(speedups), min: Math.min(...speedups), max: Math.max(...speedups) },
  };
}

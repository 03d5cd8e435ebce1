import { fixed, formatTable, percent, type Spread, spreadOf } from './stats.js';

/** One measured case: N cameras, some moving, with or without motion gating. */
export interface CapacityCase {
  cameras: number;
  moving: number;
  gating: boolean;
}

/** What a capacity worker measured over one case's measuring period. */
export interface CaseMeasurement {
  seconds: number;
  /** Camera name → wall ms (performance.now) of each of its windows' publication, in order. */
  windowTimes: Record<string, number[]>;
  /** Camera name → windows the scheduler skipped (replaced by a newer one) during the period. */
  skipped: Record<string, number>;
  /** Camera name → windows the motion gate let pass without inference during the period. */
  idle: Record<string, number>;
  /** Camera name → sampled frames that reached its ring during the period. */
  frames: Record<string, number>;
  /** Names of the moving cameras; the rest show a still picture. */
  movingCameras: string[];
  /** CPU of the daemon's process (all its threads) over wall time, 1 = one core. */
  daemonCpu: number;
  /** CPU of all the cameras' ffmpeg together, 1 = one core. */
  ffmpegCpu: number;
  daemonRssMiB: number;
  daemonPeakRssMiB: number;
  ffmpegRssMiB: number;
}

export interface CaseSummary extends CapacityCase {
  /** Windows/s of each moving camera, averaged over the moving cameras. */
  movingWindowsPerS: number;
  /** Gaps between a moving camera's consecutive windows, all moving cameras pooled (ms). */
  movingIntervalP50Ms: number | null;
  movingIntervalP95Ms: number | null;
  /** Windows of the still cameras that ran, per still camera and second. */
  stillWindowsPerS: number | null;
  /** Skipped windows per second, all cameras. */
  skippedPerS: number;
  /** Gated (idle) windows per second, all cameras. */
  idlePerS: number;
  /** Sampled frames per second and camera (the model's 7.5 when decoding keeps up). */
  framesPerS: number;
  /** Daemon + ffmpeg CPU, 1 = one core. */
  cpu: number;
  daemonCpu: number;
  ffmpegCpu: number;
  daemonRssMiB: number;
  ffmpegRssMiB: number;
}

/** `count` cameras, the first round(count × movingShare) of them moving (at least one). */
export function movingCount(count: number, movingShare: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`camera count must be a positive integer, got ${count}`);
  }
  if (!(movingShare > 0 && movingShare <= 1)) {
    throw new RangeError(`moving share must be above 0 and at most 1, got ${movingShare}`);
  }
  return Math.min(count, Math.max(1, Math.round(count * movingShare)));
}

/**
 * Every case to run, in order: for each camera count gating off then on, the next repeat on
 * then off (ABBA), so that a load drifting over the run weighs on both alike.
 */
export function planCases(
  cameraCounts: readonly number[],
  movingShare: number,
  repeats: number,
): CapacityCase[] {
  const cases: CapacityCase[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const cameras of cameraCounts) {
      const moving = movingCount(cameras, movingShare);
      const gatings = repeat % 2 === 0 ? [false, true] : [true, false];
      for (const gating of gatings) cases.push({ cameras, moving, gating });
    }
  }
  return cases;
}

/** Camera `index` of a case whose first `moving` cameras move. */
export function cameraName(index: number, moving: number): string {
  return index < moving ? `moving${index}` : `still${index - moving}`;
}

/** Quantile by nearest rank of sorted values (as stats.ts summarize does). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function summarizeCase(c: CapacityCase, m: CaseMeasurement): CaseSummary {
  if (!(m.seconds > 0)) throw new RangeError(`a case needs a positive duration, got ${m.seconds}`);
  const names = Object.keys(m.windowTimes);
  const moving = new Set(m.movingCameras);
  const still = names.filter((n) => !moving.has(n));
  const windowsOf = (name: string) => m.windowTimes[name]?.length ?? 0;
  const intervals = m.movingCameras
    .flatMap((name) => {
      const times = m.windowTimes[name] ?? [];
      return times.slice(1).map((t, i) => t - (times[i] as number));
    })
    .sort((a, b) => a - b);
  const perCameraRate = (list: readonly string[]) =>
    list.reduce((sum, n) => sum + windowsOf(n), 0) / list.length / m.seconds;
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((sum, v) => sum + v, 0);
  return {
    ...c,
    movingWindowsPerS: perCameraRate(m.movingCameras),
    movingIntervalP50Ms: intervals.length === 0 ? null : quantile(intervals, 0.5),
    movingIntervalP95Ms: intervals.length === 0 ? null : quantile(intervals, 0.95),
    stillWindowsPerS: still.length === 0 ? null : perCameraRate(still),
    skippedPerS: total(m.skipped) / m.seconds,
    idlePerS: total(m.idle) / m.seconds,
    framesPerS: total(m.frames) / names.length / m.seconds,
    cpu: m.daemonCpu + m.ffmpegCpu,
    daemonCpu: m.daemonCpu,
    ffmpegCpu: m.ffmpegCpu,
    daemonRssMiB: m.daemonRssMiB,
    ffmpegRssMiB: m.ffmpegRssMiB,
  };
}

/** The repeats of one case folded into medians and ranges. */
export interface CaseRow extends CapacityCase {
  repeats: number;
  movingWindowsPerS: Spread;
  movingIntervalP50Ms: Spread | null;
  movingIntervalP95Ms: Spread | null;
  stillWindowsPerS: Spread | null;
  skippedPerS: Spread;
  idlePerS: Spread;
  framesPerS: Spread;
  cpu: Spread;
  daemonRssMiB: Spread;
  ffmpegRssMiB: Spread;
}

/** Groups summaries by camera count and gating, in the order the cases first appear. */
export function foldRepeats(summaries: readonly CaseSummary[]): CaseRow[] {
  const groups = new Map<string, CaseSummary[]>();
  for (const s of summaries) {
    const key = `${s.cameras}/${s.moving}/${s.gating}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const spreadOrNull = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : spreadOf(present);
  };
  const rows = [...groups.values()].map((group): CaseRow => {
    const [first] = group as [CaseSummary];
    const of = (pick: (s: CaseSummary) => number) => spreadOf(group.map(pick));
    return {
      cameras: first.cameras,
      moving: first.moving,
      gating: first.gating,
      repeats: group.length,
      movingWindowsPerS: of((s) => s.movingWindowsPerS),
      movingIntervalP50Ms: spreadOrNull(group.map((s) => s.movingIntervalP50Ms)),
      movingIntervalP95Ms: spreadOrNull(group.map((s) => s.movingIntervalP95Ms)),
      stillWindowsPerS: spreadOrNull(group.map((s) => s.stillWindowsPerS)),
      skippedPerS: of((s) => s.skippedPerS),
      idlePerS: of((s) => s.idlePerS),
      framesPerS: of((s) => s.framesPerS),
      cpu: of((s) => s.cpu),
      daemonRssMiB: of((s) => s.daemonRssMiB),
      ffmpegRssMiB: of((s) => s.ffmpegRssMiB),
    };
  });
  return rows.sort((a, b) => a.cameras - b.cameras || Number(a.gating) - Number(b.gating));
}

/** `1.23 (1.10–1.31)`, or just the value when every repeat gave the same or there is one. */
function spread(s: Spread | null, digits: number, scale = 1): string {
  if (s === null) return '-';
  const v = (x: number) => fixed(x * scale, digits);
  return s.min === s.max ? v(s.median) : `${v(s.median)} (${v(s.min)}–${v(s.max)})`;
}

export function capacityTable(rows: readonly CaseRow[]): string {
  return formatTable(
    [
      'cameras (moving)',
      'gating',
      'windows/s per moving camera',
      'interval p50 s',
      'interval p95 s',
      'still windows/s',
      'skipped/s',
      'idle/s',
      'frames/s in',
      'CPU (cores)',
      'RSS MiB daemon + ffmpeg',
    ],
    rows.map((r) => [
      `${r.cameras} (${r.moving})`,
      r.gating ? 'on' : 'off',
      spread(r.movingWindowsPerS, 2),
      spread(r.movingIntervalP50Ms, 2, 1 / 1000),
      spread(r.movingIntervalP95Ms, 2, 1 / 1000),
      spread(r.stillWindowsPerS, 2),
      spread(r.skippedPerS, 2),
      spread(r.idlePerS, 2),
      spread(r.framesPerS, 1),
      spread(r.cpu, 2),
      `${spread(r.daemonRssMiB, 0)} + ${fixed(r.ffmpegRssMiB.median, 0)}`,
    ]),
  );
}

/** One line on the moving cameras' gain from gating, per camera count (medians). */
export function gatingGains(rows: readonly CaseRow[]): string[] {
  const byCount = new Map<number, { off?: CaseRow; on?: CaseRow }>();
  for (const r of rows) {
    const entry = byCount.get(r.cameras) ?? {};
    if (r.gating) entry.on = r;
    else entry.off = r;
    byCount.set(r.cameras, entry);
  }
  return [...byCount.entries()].flatMap(([cameras, { off, on }]) => {
    if (off === undefined || on === undefined) return [];
    const cpu = `${percent(off.cpu.median)} → ${percent(on.cpu.median)} of a core`;
    const offRate = off.movingWindowsPerS.median;
    const gain =
      offRate > 0
        ? `${fixed(on.movingWindowsPerS.median / offRate, 2)}x the windows/s`
        : 'windows/s not comparable (none measured without gating)';
    return [`${cameras} cameras: gating gives each moving camera ${gain}; CPU ${cpu}`];
  });
}

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where and on what a bench ran: numbers mean little without the machine and its load. */
export interface BenchContext {
  time: string;
  node: string;
  cpus: { model: string; count: number };
  /** 1-minute load average when the bench started and when it ended. */
  loadAverage: { start: number; end: number };
}

export function contextStart(): { finish(): BenchContext } {
  const start = os.loadavg()[0] ?? 0;
  const time = new Date().toISOString();
  return {
    finish: () => ({
      time,
      node: process.version,
      cpus: { model: os.cpus()[0]?.model ?? 'unknown', count: os.cpus().length },
      loadAverage: { start, end: os.loadavg()[0] ?? 0 },
    }),
  };
}

export function describeLoad(context: BenchContext): string {
  const { start, end } = context.loadAverage;
  return `load average (1 min): ${start.toFixed(2)} at start, ${end.toFixed(2)} at end; ${context.cpus.count} × ${context.cpus.model}`;
}

/** Writes `<outDir>/<kind>-<time>.json` and returns its path. */
export function writeResult(outDir: string, kind: string, result: unknown): string {
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(':', '-');
  const file = path.join(outDir, `${kind}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

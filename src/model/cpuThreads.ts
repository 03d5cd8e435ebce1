import { readFileSync } from 'node:fs';
import os from 'node:os';

export type ReadText = (path: string) => string;

const readText: ReadText = (path) => readFileSync(path, 'utf8');

/**
 * onnxruntime intra-op threads when the configuration leaves the choice to us (threads: 0):
 * one per physical core this process may run on. Set explicitly because onnxruntime's own
 * default ran MViT-B at one thread's speed on a 2-core machine (`npm run bench -- sessions`:
 * 1560 ms a clip, against 789 ms with 2 threads set). Hyperthreads are not counted: they
 * share a core's vector units, which the matrix multiplications already keep busy.
 * Falls back to the number of CPUs Node may use when Linux's topology files are missing.
 */
export function defaultIntraOpThreads(read: ReadText = readText): number {
  try {
    const cpus = allowedCpus(read('/proc/self/status'));
    const cores = new Set(
      cpus.map((cpu) => {
        const topology = `/sys/devices/system/cpu/cpu${cpu}/topology`;
        return `${read(`${topology}/physical_package_id`).trim()}:${read(`${topology}/core_id`).trim()}`;
      }),
    );
    if (cores.size > 0) return cores.size;
  } catch {
    // Not Linux, or no sysfs (some containers): fall through.
  }
  return Math.max(1, os.availableParallelism());
}

/** CPU ids from /proc/<pid>/status's `Cpus_allowed_list: 0-3,8` (the affinity mask). */
export function allowedCpus(status: string): number[] {
  const match = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status);
  if (match === null) throw new Error('no Cpus_allowed_list line in /proc/self/status');
  return (match[1] as string).split(',').flatMap((range) => {
    const [first, last = first] = range.split('-').map(Number);
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(last) ||
      (last as number) < (first as number)
    ) {
      throw new Error(`bad CPU range '${range}' in Cpus_allowed_list`);
    }
    return Array.from(
      { length: (last as number) - (first as number) + 1 },
      (_, i) => (first as number) + i,
    );
  });
}

import { describe, expect, it } from 'vitest';
import { allowedCpus, defaultIntraOpThreads } from '../../src/model/index.js';

/** A fake /proc and /sys: CPU id → [package, core]. */
function machine(allowed: string, topology: Record<number, [number, number]>) {
  return (path: string): string => {
    if (path === '/proc/self/status')
      return `Name:\tnode\nCpus_allowed_list:\t${allowed}\nVmRSS:\t1 kB\n`;
    const match = /cpu(\d+)\/topology\/(physical_package_id|core_id)$/.exec(path);
    const cpu = topology[Number(match?.[1])];
    if (match === null || cpu === undefined) throw new Error(`ENOENT: ${path}`);
    return `${match[2] === 'core_id' ? cpu[1] : cpu[0]}\n`;
  };
}

describe('intra-op threads when the configuration says 0', () => {
  it('reads the CPUs this process may run on', () => {
    expect(allowedCpus('Cpus_allowed_list:\t0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(() => allowedCpus('Name: node\n')).toThrow(/no Cpus_allowed_list/);
    expect(() => allowedCpus('Cpus_allowed_list:\t3-1\n')).toThrow("bad CPU range '3-1'");
  });

  it('counts physical cores, not hyperthreads', () => {
    // Two cores with two hyperthreads each: cpu0/cpu2 and cpu1/cpu3 share a core.
    const smt = machine('0-3', { 0: [0, 0], 1: [0, 1], 2: [0, 0], 3: [0, 1] });
    expect(defaultIntraOpThreads(smt)).toBe(2);
    // The same core id on two sockets is two cores.
    const twoSockets = machine('0-1', { 0: [0, 0], 1: [1, 0] });
    expect(defaultIntraOpThreads(twoSockets)).toBe(2);
  });

  it('only counts the cores the affinity mask allows', () => {
    const pinned = machine('2', { 0: [0, 0], 1: [0, 1], 2: [0, 2] });
    expect(defaultIntraOpThreads(pinned)).toBe(1);
  });

  it('falls back to the CPUs Node may use without sysfs', () => {
    const noSys = (path: string): string => {
      throw new Error(`ENOENT: ${path}`);
    };
    expect(defaultIntraOpThreads(noSys)).toBeGreaterThanOrEqual(1);
  });
});

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitFrameAndWindow } from '../../bench/alloc.js';
import { CpuMeter, mainThreadCpuMs, processCpuMs, processMemory } from '../../bench/procStats.js';

describe('process statistics from /proc', () => {
  it("reads this process's CPU time and memory", () => {
    const cpu = processCpuMs(process.pid);
    expect(cpu).not.toBeNull();
    expect(cpu).toBeGreaterThan(0);
    // The main thread is one of the process's threads, so it cannot have used more.
    expect(mainThreadCpuMs()).toBeLessThanOrEqual(processCpuMs(process.pid) as number);
    const memory = processMemory();
    expect(memory.rssMiB).toBeGreaterThan(10);
    expect(memory.peakRssMiB).toBeGreaterThanOrEqual(memory.rssMiB);
  });

  it('gives null for a process that has exited', async () => {
    const child = spawn('/bin/true');
    const pid = child.pid as number;
    await new Promise((resolve) => child.on('close', resolve));
    expect(processCpuMs(pid)).toBeNull();
    const meter = new CpuMeter(() => 0);
    meter.start([pid]);
    expect(meter.read().size).toBe(0);
  });

  it('divides CPU time by wall time per process', () => {
    let now = 0;
    const meter = new CpuMeter(() => now);
    meter.start([process.pid]);
    now = 1_000_000;
    const share = meter.read().get(process.pid);
    expect(share).not.toBeNull();
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThan(0.01);
  });
});

describe('splitFrameAndWindow', () => {
  it('solves per-frame and per-window bytes from two scenarios', () => {
    const row = (windows: number, total: number) => ({
      scenario: '',
      frames: 1000,
      windows,
      bytesPerFrame: total / 1000,
      top: [],
    });
    // 100 bytes a frame, 4000 a window.
    const split = splitFrameAndWindow(row(10, 140_000), row(100, 500_000));
    expect(split.bytesPerFrame).toBeCloseTo(100);
    expect(split.bytesPerWindow).toBeCloseTo(4000);
    expect(() => splitFrameAndWindow(row(10, 1), row(10, 2))).toThrow(/different window counts/);
  });
});

import { spawn } from 'node:child_process';
import type { SourceConfig } from '../src/config/types.js';

/** A file camera read once, as fast as ffmpeg can: how the benches feed the daemon's argv. */
export function fileSource(url: string, inputArgs: string[] = []): SourceConfig {
  return {
    kind: 'file',
    url,
    realtime: false,
    loop: false,
    v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
    inputArgs,
    hwaccel: 'none',
  };
}

/**
 * The daemon's argv with ffmpeg's own CPU time printed at exit: -benchmark reports at log
 * level info, which the daemon's argv turns down.
 */
export function withBenchmark(args: readonly string[]): string[] {
  const out = [...args];
  const level = out.indexOf('-loglevel');
  if (level >= 0) out[level + 1] = 'info';
  return ['-benchmark', ...out];
}

/**
 * Runs ffmpeg to the end with every piped output read and thrown away; resolves with its CPU
 * ms (user + system) from the -benchmark line, rejects when it fails or printed none.
 */
export function ffmpegRunCpuMs(
  ffmpeg: string,
  args: readonly string[],
  stdio: ReadonlyArray<'ignore' | 'pipe' | undefined>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, [...args], { stdio: Array.from(stdio, (s) => s ?? 'ignore') });
    let stderr = '';
    child.stdio.forEach((pipe, fd) => {
      if (fd === 2) pipe?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk).slice(-4000)));
      else pipe?.on('data', () => {});
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`ffmpeg exited with ${code}: ${stderr.slice(-300)}`));
        return;
      }
      try {
        resolve(parseBenchmarkCpuMs(stderr));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** ffmpeg's `bench: maxrss=79584kB` line → peak resident MiB, or null without one. */
export function parseBenchmarkMaxRssMiB(stderr: string): number | null {
  const match = /bench: maxrss=(\d+)kB/.exec(stderr);
  return match === null ? null : Number(match[1]) / 1024;
}

/** ffmpeg's `bench: utime=1.234s stime=0.056s rtime=0.789s` line → CPU ms (user + system). */
export function parseBenchmarkCpuMs(stderr: string): number {
  const match = /bench: utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s/.exec(stderr);
  if (match === null) {
    throw new Error(`ffmpeg printed no -benchmark line; stderr ends: ${stderr.slice(-300)}`);
  }
  return (Number(match[1]) + Number(match[2])) * 1000;
}

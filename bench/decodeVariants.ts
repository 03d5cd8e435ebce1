import type { SourceConfig } from '../src/config/index.js';
import { buildFfmpegArgs, type FfmpegOutput } from '../src/ingest/index.js';

/** One way to run a camera's ffmpeg: extra input options and/or other scale flags. */
export interface DecodeVariant {
  name: string;
  /** Why it might be cheaper, and whether it can change the frames. */
  note: string;
  inputArgs: string[];
  scaleFlags?: string;
  /** Decode and throw away: the floor no filter choice can go below. */
  decodeOnly?: boolean;
}

export const DECODE_VARIANTS: readonly DecodeVariant[] = [
  {
    name: 'default',
    note: 'the daemon argv as built today (one decoder thread)',
    inputArgs: [],
  },
  {
    name: 'threads 0 (auto)',
    note: "ffmpeg's own default: frame threading on cores + 1 threads",
    inputArgs: ['-threads', '0'],
  },
  { name: 'threads 2', note: 'two decoder threads', inputArgs: ['-threads', '2'] },
  {
    name: 'flags2 +fast',
    note: 'allows non-spec-compliant speed-ups; must give the same frames to be acceptable',
    inputArgs: ['-flags2', '+fast'],
  },
  {
    name: 'fast_bilinear scaler',
    note: 'cheaper scaler, different pixels: changes what the model sees',
    inputArgs: [],
    scaleFlags: 'fast_bilinear',
  },
  {
    name: 'decode only (floor)',
    note: 'decode every frame on one thread, no sampling or scaling, discard',
    inputArgs: [],
    decodeOnly: true,
  },
];

/** The argv the daemon would run for a file camera, with the variant's changes. */
export function variantArgs(
  clip: string,
  output: FfmpegOutput,
  variant: DecodeVariant,
): { args: string[]; rawOutput: boolean } {
  if (variant.decodeOnly) {
    return {
      args: [
        ...['-hide_banner', '-nostdin', '-benchmark', '-threads', '1'],
        ...['-i', clip, '-an', '-f', 'null', '-'],
      ],
      rawOutput: false,
    };
  }
  const source: SourceConfig = {
    kind: 'file',
    url: clip,
    realtime: false,
    loop: false,
    v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
    inputArgs: variant.inputArgs,
    hwaccel: 'none',
  };
  const args = buildFfmpegArgs(source, {
    ...output,
    scaleFlags: variant.scaleFlags ?? output.scaleFlags,
  });
  // -benchmark makes ffmpeg print its own user and system CPU time when it exits, at log
  // level info, which the daemon's argv turns down.
  const level = args.indexOf('-loglevel');
  if (level >= 0) args[level + 1] = 'info';
  return { args: ['-benchmark', ...args], rawOutput: true };
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

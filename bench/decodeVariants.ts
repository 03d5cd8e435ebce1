import { buildFfmpegArgs, type FfmpegOutput } from '../src/ingest/index.js';
import { fileSource, withBenchmark } from './ffmpegCpu.js';

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
  const args = buildFfmpegArgs(fileSource(clip, variant.inputArgs), {
    ...output,
    scaleFlags: variant.scaleFlags ?? output.scaleFlags,
  });
  return { args: withBenchmark(args), rawOutput: true };
}

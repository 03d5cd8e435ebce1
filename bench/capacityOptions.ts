import { parseArgs } from 'node:util';
import {
  nonNegativeInteger,
  positiveInteger,
  positiveIntegerList,
  positiveNumber,
} from './args.js';

export interface CapacityOptions {
  modelPath: string;
  labelsPath: string;
  cameraCounts: number[];
  /** Share of each case's cameras that move (the rest show a still picture). */
  movingShare: number;
  repeats: number;
  warmupS: number;
  measureS: number;
  stride: number;
  holdMs: number;
  threads: number;
  /** The generated cameras' picture size and frame rate. */
  width: number;
  height: number;
  fps: number;
  outDir: string;
}

type Defaults = Omit<CapacityOptions, 'outDir' | 'labelsPath' | 'threads'>;

/** The full run: the random-weight MViT-B, the daemon's own stride and hold time. */
const FULL: Defaults = {
  modelPath: 'models/mvit_v1_b.onnx',
  cameraCounts: [1, 2, 4, 8],
  movingShare: 0.5,
  repeats: 2,
  warmupS: 8,
  measureS: 20,
  stride: 8,
  holdMs: 5000,
  width: 1280,
  height: 720,
  fps: 25,
};

/** --quick: the tiny test model, a short hold, small pictures: a check that it all runs. */
const QUICK: Defaults = {
  modelPath: 'test/fixtures/tiny_mvit.onnx',
  cameraCounts: [1, 2],
  movingShare: 0.5,
  repeats: 1,
  warmupS: 3,
  measureS: 5,
  stride: 8,
  holdMs: 1000,
  width: 640,
  height: 360,
  fps: 25,
};

export const CAPACITY_USAGE = `npm run bench -- capacity [--quick] [--model FILE] [--labels FILE] [--cameras 1,2,4,8]
    [--moving-share X] [--repeats N] [--warmup-s S] [--measure-s S] [--stride N] [--hold-ms MS]
    [--threads N] [--size WxH] [--fps N] [--out DIR]

  How many cameras a box serves: N file cameras played in real time through the daemon's own
  pipeline to a Mosquitto on 127.0.0.1, a share of them moving (testsrc2's moving pattern) and
  the rest a still picture with sensor noise, each case once with motion gating off and once
  on (ABBA over repeats), each in a fresh process. Per case: windows/s per moving camera, the
  interval between a moving camera's windows (p50/p95), still cameras' windows/s, skipped and
  gated (idle) windows per second, CPU of the daemon and its ffmpeg (cores) and their RSS.
  Defaults: ${FULL.modelPath}, cameras ${FULL.cameraCounts.join(',')}, half moving, ${FULL.repeats} repeats,
  ${FULL.warmupS} s warm-up (longer than the hold time, so still cameras are idle when measuring) and
  ${FULL.measureS} s measured per case, the daemon's stride ${FULL.stride} and hold ${FULL.holdMs} ms, ${FULL.width}x${FULL.height} at ${FULL.fps} fps.
  --quick: ${QUICK.modelPath}, cameras ${QUICK.cameraCounts.join(',')}, hold ${QUICK.holdMs} ms, ${QUICK.warmupS} s + ${QUICK.measureS} s, ${QUICK.width}x${QUICK.height};
  options given with it still win.`;

/** Command-line arguments to options: --quick picks the quick defaults, explicit values win. */
export function capacityOptions(argv: string[]): CapacityOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      model: { type: 'string' },
      labels: { type: 'string', default: 'labels.txt' },
      cameras: { type: 'string' },
      'moving-share': { type: 'string' },
      repeats: { type: 'string' },
      'warmup-s': { type: 'string' },
      'measure-s': { type: 'string' },
      stride: { type: 'string' },
      'hold-ms': { type: 'string' },
      threads: { type: 'string', default: '0' },
      size: { type: 'string' },
      fps: { type: 'string' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const d = values.quick ? QUICK : FULL;
  const given = <T>(value: string | undefined, parse: (v: string) => T, fallback: T): T =>
    value === undefined ? fallback : parse(value);
  const size = given(values.size, parseSize, { width: d.width, height: d.height });
  const movingShare = given(
    values['moving-share'],
    (v) => positiveNumber('moving-share', v),
    d.movingShare,
  );
  if (movingShare > 1) throw new RangeError(`--moving-share must be at most 1, got ${movingShare}`);
  const opts: CapacityOptions = {
    modelPath: values.model ?? d.modelPath,
    labelsPath: values.labels,
    cameraCounts: given(values.cameras, (v) => positiveIntegerList('cameras', v), d.cameraCounts),
    movingShare,
    repeats: given(values.repeats, (v) => positiveInteger('repeats', v), d.repeats),
    warmupS: given(values['warmup-s'], (v) => positiveNumber('warmup-s', v), d.warmupS),
    measureS: given(values['measure-s'], (v) => positiveNumber('measure-s', v), d.measureS),
    stride: given(values.stride, (v) => positiveInteger('stride', v), d.stride),
    holdMs: given(values['hold-ms'], (v) => nonNegativeInteger('hold-ms', v), d.holdMs),
    threads: nonNegativeInteger('threads', values.threads),
    width: size.width,
    height: size.height,
    fps: given(values.fps, (v) => positiveInteger('fps', v), d.fps),
    outDir: values.out,
  };
  if (opts.warmupS * 1000 <= opts.holdMs) {
    throw new RangeError(
      `--warmup-s (${opts.warmupS} s) must be longer than --hold-ms (${opts.holdMs} ms): still cameras go idle only once the hold time has passed`,
    );
  }
  return opts;
}

/** '1280x720' → { width: 1280, height: 720 }; even sizes (H.264 4:2:0 needs them). */
export function parseSize(value: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || width < 16 || height < 16 || width % 2 !== 0 || height % 2 !== 0) {
    throw new RangeError(`--size must be WIDTHxHEIGHT, even and at least 16, got '${value}'`);
  }
  return { width, height };
}

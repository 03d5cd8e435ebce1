import { parseArgs } from 'node:util';

export const CLASSIFY_USAGE = `Usage: actionwatch classify <video> [options]

Classifies a video file with the daemon's pipeline (ffmpeg sampling at the model's fps,
resize and crop, windows every --stride frames, onnxruntime) and writes, into --out:
  <name>.timeline.jsonl   one JSON line per window (time span, top-k) and a summary line
  <name>.annotated.mp4    a copy of the video with label, score and throughput drawn on it

Options:
  -o, --out DIR        output folder (default: the current folder)
  -m, --model FILE     ONNX model (default: model.path of the configuration, else models/mvit_v1_b.onnx)
  -l, --labels FILE    labels file (default: model.labels, else labels.txt)
  -s, --stride N       a window every N sampled frames (default: recognition.stride, 8)
  -k, --top-k K        labels per window in the timeline (default: recognition.top_k, 5)
  -c, --config FILE    take model, ffmpeg and recognition settings from a daemon configuration
      --head FILE      label windows with a head taught by 'actionwatch teach' (its classes, not
                       the model's); refused unless it was taught on this model
      --json           machine output on stdout: the timeline's JSON lines, no progress bar
      --no-video       write the timeline only
  -h, --help           show this help

Without a configuration (--config or ACTIONWATCH_CONFIG), the daemon's defaults apply, with
the ACTIONWATCH_* environment overrides it honours (ACTIONWATCH_MODEL_PATH,
ACTIONWATCH_MODEL_THREADS, ACTIONWATCH_FFMPEG_PATH, ...). The options above win over both.

Exit codes: 0 ok, 1 failure, 64 usage error, 66 video not found, 73 output folder not writable,
78 invalid configuration or model.`;

export interface ClassifyArgs {
  video: string;
  outDir: string;
  model: string | undefined;
  labels: string | undefined;
  stride: number | undefined;
  topK: number | undefined;
  config: string | undefined;
  head: string | undefined;
  json: boolean;
  annotate: boolean;
}

export type ParsedClassifyArgs =
  | { kind: 'run'; args: ClassifyArgs }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export function parseClassifyArgs(argv: string[]): ParsedClassifyArgs {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) {
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => `'${p}'`).join(', ');
    return { kind: 'usage-error', message: `classify takes one video file, got ${got}` };
  }
  const stride = positiveInteger(values.stride, '--stride', 1024);
  const topK = positiveInteger(values['top-k'], '--top-k', 20);
  for (const value of [stride, topK]) {
    if (typeof value === 'string') return { kind: 'usage-error', message: value };
  }
  return {
    kind: 'run',
    args: {
      video: positionals[0] as string,
      outDir: values.out ?? '.',
      model: values.model,
      labels: values.labels,
      stride: stride as number | undefined,
      topK: topK as number | undefined,
      config: values.config,
      head: values.head,
      json: values.json ?? false,
      annotate: !(values['no-video'] ?? false),
    },
  };
}

function parseWith(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      model: { type: 'string', short: 'm' },
      labels: { type: 'string', short: 'l' },
      stride: { type: 'string', short: 's' },
      'top-k': { type: 'string', short: 'k' },
      config: { type: 'string', short: 'c' },
      head: { type: 'string' },
      json: { type: 'boolean' },
      'no-video': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The number, undefined when not given, or the error message quoting the bad value. */
function positiveInteger(
  value: string | undefined,
  name: string,
  max: number,
): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (/^\d+$/.test(value) && n >= 1 && n <= max) return n;
  return `${name} must be an integer from 1 to ${max}, got '${value}'`;
}

import { parseArgs } from 'node:util';

export const TEACH_USAGE = `Usage: actionwatch teach [EXAMPLES_DIR...] [--list FILE...] --out HEAD.json [options]

Teaches the model new classes from labelled example videos: runs the daemon's pipeline (same
sampling, resize, crop and windows) over them, keeps each window's clip embedding, and trains
a linear head (multinomial logistic regression, L2, deterministic) with a background class.
Reports cross-validation grouped by video (a video's windows never on both sides) and writes
the head, which 'classify --head' and the daemon use.

Examples:
  EXAMPLES_DIR         a folder per label, each holding videos of that action throughout;
                       a folder named as --background holds videos with none of the actions
  --list FILE          lines '<video> <start> <end> <label>' (seconds or m:s; videos relative
                       to the list); windows of those videos outside every span are background

Options:
  -o, --out FILE       the head file to write (required)
  -n, --name NAME      the head's name, as payloads' labels_from (default: --out's file name)
  -m, --model FILE     ONNX model with an embedding output (default: model.path, else models/mvit_v1_b.onnx)
  -l, --labels FILE    the model's labels file (default: model.labels, else labels.txt)
  -c, --config FILE    take model, ffmpeg and recognition settings from a daemon configuration
  -s, --stride N       a window every N sampled frames (default: recognition.stride, 8)
      --background L   the label of windows with none of the actions (default: background)
      --folds K        cross-validation folds, by video (default 5)
      --precision P    report the score threshold reaching this precision (default 0.9)
      --l2 X           L2 regularization strength (default 0.01)
      --json           machine output on stdout: one JSON report, no progress bar
  -h, --help           show this help

Exit codes: 0 ok, 1 failure, 64 usage error, 65 unusable examples (one label only, a label
without videos, a video that cannot be decoded), 66 examples not found, 73 head not writable,
78 invalid configuration or model.`;

export interface TeachArgs {
  folders: string[];
  lists: string[];
  out: string;
  name: string | undefined;
  model: string | undefined;
  labels: string | undefined;
  config: string | undefined;
  stride: number | undefined;
  background: string;
  folds: number;
  precision: number;
  l2: number;
  json: boolean;
}

export type ParsedTeachArgs =
  | { kind: 'run'; args: TeachArgs }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export function parseTeachArgs(argv: string[]): ParsedTeachArgs {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const lists = values.list ?? [];
  if (positionals.length === 0 && lists.length === 0) {
    return {
      kind: 'usage-error',
      message: 'no examples: name a folder of label folders or --list FILE',
    };
  }
  if (values.out === undefined)
    return { kind: 'usage-error', message: '--out HEAD.json is required' };
  try {
    return {
      kind: 'run',
      args: {
        folders: positionals,
        lists,
        out: values.out,
        name: values.name,
        model: values.model,
        labels: values.labels,
        config: values.config,
        stride:
          values.stride === undefined
            ? undefined
            : number(values.stride, '--stride', 1, 1024, true),
        background: values.background ?? 'background',
        folds: number(values.folds ?? '5', '--folds', 2, 100, true),
        precision: number(values.precision ?? '0.9', '--precision', 0.01, 1, false),
        l2: number(values.l2 ?? '0.01', '--l2', 1e-9, 1e6, false),
        json: values.json ?? false,
      },
    };
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message };
  }
}

function parseWith(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      list: { type: 'string', multiple: true },
      out: { type: 'string', short: 'o' },
      name: { type: 'string', short: 'n' },
      model: { type: 'string', short: 'm' },
      labels: { type: 'string', short: 'l' },
      config: { type: 'string', short: 'c' },
      stride: { type: 'string', short: 's' },
      background: { type: 'string' },
      folds: { type: 'string' },
      precision: { type: 'string' },
      l2: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function number(text: string, name: string, min: number, max: number, integer: boolean): number {
  const n = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(n) && n >= min && n <= max;
  if (ok && (!integer || Number.isInteger(n))) return n;
  const kind = integer ? 'an integer' : 'a number';
  throw new Error(`${name} must be ${kind} from ${min} to ${max}, got '${text}'`);
}

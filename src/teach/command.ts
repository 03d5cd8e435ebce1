import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProgressBar } from '../classify/progress.js';
import {
  type ClassifySettings,
  classifySettings,
  loadSettingsEngine,
} from '../classify/settings.js';
import { ConfigError, EX_CONFIG } from '../config/index.js';
import { resolveFfmpegPath } from '../ingest/index.js';
import { createLogger, type Logger, prettyLine } from '../log/index.js';
import { backboneOf, headFileText } from '../model/heads/index.js';
import { type InferenceEngine, isRandomWeights } from '../model/index.js';
import { collectWindows } from './collectWindows.js';
import type { ExampleVideo } from './exampleVideos.js';
import { folderExamples } from './folderExamples.js';
import { listExamples } from './listExamples.js';
import { parseTeachArgs, TEACH_USAGE, type TeachArgs } from './teachArgs.js';
import { teachHead } from './teachHead.js';
import { TeachInputError } from './teachInputError.js';
import { jsonReport, textReport } from './teachReport.js';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_NOINPUT = 66;
const EX_CANTCREAT = 73;
const MAX_ITERATIONS = 300;

/** `actionwatch teach ...`; resolves to the exit code. */
export async function runTeachCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseTeachArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${TEACH_USAGE}\n`);
    return 0;
  }
  const fail = (code: number, message: string) => {
    io.stderr.write(`actionwatch teach: ${message}\n`);
    return code;
  };
  if (parsed.kind === 'usage-error') return fail(EX_USAGE, `${parsed.message}\n${TEACH_USAGE}`);
  const { args } = parsed;
  const missing = [...args.folders, ...args.lists].find((p) => !existsSync(p));
  if (missing !== undefined) return fail(EX_NOINPUT, `${missing}: no such file or folder`);
  let examples: ExampleVideo[];
  let settings: ClassifySettings;
  try {
    examples = gatherExamples(args);
    settings = classifySettings({ ...args, topK: 1 }, io.env);
  } catch (err) {
    if (err instanceof TeachInputError) return fail(EX_DATAERR, err.message);
    if (!(err instanceof ConfigError)) throw err;
    return fail(EX_CONFIG, `invalid configuration:\n  ${err.problems.join('\n  ')}`);
  }
  const tty = io.stderr.isTTY === true;
  // Errors only: the report says the weights are random, and a bad video is reported as one
  // line, not as ffmpeg restarts logged on the way.
  const logger = createLogger('error', {
    write: (line: string) => io.stderr.write(tty ? prettyLine(line, true) : line),
  });
  return teachWithModel(args, examples, settings, io, logger, fail);
}

function gatherExamples(args: TeachArgs): ExampleVideo[] {
  const examples = [...args.folders.flatMap(folderExamples), ...args.lists.flatMap(listExamples)];
  const missing = examples.find((e) => !existsSync(e.path));
  if (missing) throw new TeachInputError(`${missing.path}: no such video`);
  return examples;
}

async function teachWithModel(
  args: TeachArgs,
  examples: ExampleVideo[],
  settings: ClassifySettings,
  io: CommandIo,
  logger: Logger,
  fail: (code: number, message: string) => number,
): Promise<number> {
  let engine: InferenceEngine;
  try {
    engine = await loadSettingsEngine(settings, logger);
  } catch (err) {
    return fail(EX_CONFIG, (err as Error).message);
  }
  try {
    const backbone = backboneOf(engine.card);
    if (backbone === null) {
      return fail(
        EX_CONFIG,
        `${settings.modelPath} has no embedding output to teach on; re-export it with models/export_mvit.py`,
      );
    }
    return await teachAndWrite(args, examples, settings, { io, logger, engine, fail });
  } catch (err) {
    if (err instanceof TeachInputError) return fail(EX_DATAERR, err.message);
    return fail(1, (err as Error).message);
  } finally {
    await engine.close();
  }
}

interface RunParts {
  io: CommandIo;
  logger: Logger;
  engine: InferenceEngine;
  fail: (code: number, message: string) => number;
}

async function teachAndWrite(
  args: TeachArgs,
  examples: ExampleVideo[],
  settings: ClassifySettings,
  { io, logger, engine, fail }: RunParts,
): Promise<number> {
  const progress = !args.json && io.stderr.isTTY ? new ProgressBar(io.stderr) : null;
  const ffmpegPath = resolveFfmpegPath({ configured: settings.ffmpegPath, env: io.env }).path;
  const collected = await collectWindows(examples, {
    engine,
    ffmpegPath,
    scaleFlags: settings.scaleFlags,
    stride: settings.stride,
    background: args.background,
    logger,
    onProgress: (video, videos, windows) =>
      progress?.update(
        'embed',
        video / videos,
        `video ${video + 1} of ${videos}, ${windows} windows`,
      ),
  });
  const randomWeights = isRandomWeights(engine.card);
  const outcome = teachHead(collected.set, {
    name: args.name ?? path.basename(args.out).replace(/\.json$/, ''),
    background: args.background,
    backbone: backboneOf(engine.card) as NonNullable<ReturnType<typeof backboneOf>>,
    l2: args.l2,
    folds: args.folds,
    precisionTarget: args.precision,
    maxIterations: MAX_ITERATIONS,
    stride: settings.stride,
    randomWeights,
    onFold: (fold, folds) =>
      progress?.update('validate', fold / folds, `fold ${fold + 1} of ${folds}`, true),
  });
  progress?.clear();
  const headPath = path.resolve(args.out);
  try {
    writeAtomically(headPath, headFileText(outcome.head));
  } catch (err) {
    return fail(
      EX_CANTCREAT,
      `cannot write ${headPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const facts = {
    outcome,
    headPath,
    modelPath: path.resolve(settings.modelPath),
    randomWeights,
    leftOut: collected.leftOut,
    collectMs: collected.elapsedMs,
  };
  io.stdout.write(args.json ? `${JSON.stringify(jsonReport(facts))}\n` : textReport(facts));
  return 0;
}

/** Written beside and renamed: a reader never sees half a head. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.part`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

import { statSync } from 'node:fs';
import { ConfigError, EX_CONFIG } from '../config/index.js';
import { resolveFfmpegPath } from '../ingest/index.js';
import { createLogger, type Logger, prettyLine } from '../log/index.js';
import { checkHeadFitsModel, HeadScorer, loadHead } from '../model/heads/index.js';
import type { InferenceEngine } from '../model/index.js';
import { CLASSIFY_USAGE, type ClassifyArgs, parseClassifyArgs } from './classifyArgs.js';
import { type ClassifySettings, classifySettings, loadSettingsEngine } from './settings.js';
import { writeClassification } from './writeOutputs.js';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

const EX_USAGE = 64;
const EX_NOINPUT = 66;

/** `actionwatch classify <video> ...`; resolves to the exit code. */
export async function runClassifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseClassifyArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${CLASSIFY_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr.write(`actionwatch classify: ${parsed.message}\n${CLASSIFY_USAGE}\n`);
    return EX_USAGE;
  }
  const { args } = parsed;
  if (!isFile(args.video)) {
    io.stderr.write(`actionwatch classify: ${args.video}: no such video file\n`);
    return EX_NOINPUT;
  }
  let settings: ClassifySettings;
  try {
    settings = classifySettings(args, io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`actionwatch classify: invalid configuration:\n`);
    for (const problem of err.problems) io.stderr.write(`  ${problem}\n`);
    return EX_CONFIG;
  }
  // Logs go to stderr: stdout carries results (--json). A person at a terminal reads them.
  const tty = io.stderr.isTTY === true;
  const logger = createLogger('warn', {
    write: (line: string) => io.stderr.write(tty ? prettyLine(line, true) : line),
  });
  return classifyWithModel(args, settings, io, logger);
}

async function classifyWithModel(
  args: ClassifyArgs,
  settings: ClassifySettings,
  io: CommandIo,
  logger: Logger,
): Promise<number> {
  const ffmpegPath = resolveFfmpegPath({ configured: settings.ffmpegPath, env: io.env }).path;
  let engine: InferenceEngine;
  try {
    engine = await loadSettingsEngine(settings, logger);
  } catch (err) {
    io.stderr.write(`actionwatch classify: ${(err as Error).message}\n`);
    return EX_CONFIG;
  }
  let head: HeadScorer | undefined;
  try {
    head = args.head === undefined ? undefined : headFor(args.head, engine, settings.modelPath);
  } catch (err) {
    await engine.close();
    io.stderr.write(`actionwatch classify: ${(err as Error).message}\n`);
    return EX_CONFIG;
  }
  // Ctrl-C or a service stop: stop ffmpeg and leave no half-written video behind.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) =>
    interrupt.abort(new Error(`interrupted by ${signal}`));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const signal = interrupt.signal;
    const options = {
      args,
      settings,
      io,
      logger,
      engine,
      ffmpegPath,
      signal,
      ...(head && { head }),
    };
    return await writeClassification(options);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
}

/** The head, checked against the loaded model (a head for another model is refused). */
function headFor(headPath: string, engine: InferenceEngine, modelPath: string): HeadScorer {
  const head = loadHead(headPath);
  checkHeadFitsModel(head, headPath, engine.card, modelPath);
  return new HeadScorer(head);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

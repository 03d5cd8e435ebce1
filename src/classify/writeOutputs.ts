import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../log/index.js';
import type { HeadScorer } from '../model/heads/index.js';
import { type InferenceEngine, isRandomWeights } from '../model/index.js';
import { annotateVideo } from './annotate.js';
import type { ClassifyArgs } from './classifyArgs.js';
import { type ClassifiedWindow, type ClassifyVideoResult, classifyVideo } from './classifyVideo.js';
import type { CommandIo } from './command.js';
import { ProgressBar } from './progress.js';
import type { ClassifySettings } from './settings.js';
import { buildSubtitles } from './subtitles.js';
import {
  RANDOM_WEIGHTS_NOTE,
  type SummaryRecord,
  summaryRecord,
  type TimelineContext,
  windowRecord,
} from './timeline.js';
import { findFfprobe, probeVideo, type VideoInfo } from './videoInfo.js';

export interface WriteClassificationOptions {
  args: ClassifyArgs;
  settings: ClassifySettings;
  io: CommandIo;
  logger: Logger;
  engine: InferenceEngine;
  ffmpegPath: string;
  signal: AbortSignal;
  /** A taught head labelling the windows instead of the model's classes. */
  head?: HeadScorer;
}

/** 128 + SIGINT: what a shell reports for a command stopped with Ctrl-C. */
const EXIT_INTERRUPTED = 130;
/** sysexits' EX_CANTCREAT: an output file cannot be created. */
const EX_CANTCREAT = 73;

/** What one run of the command works with, found out before the first frame. */
interface Run {
  video: string;
  info: VideoInfo | null;
  paths: { timeline: string; annotated: string };
  /** The timeline is written here and renamed to paths.timeline once it is whole. */
  partialTimeline: string;
  context: TimelineContext;
  progress: ProgressBar | null;
  /** File descriptor of the timeline, written line by line as windows come. */
  timeline: number;
}

/** Runs the classification and writes the timeline, the annotated copy and the summary. */
export async function writeClassification(opts: WriteClassificationOptions): Promise<number> {
  let run: Run;
  try {
    run = await prepare(opts);
  } catch (err) {
    if (!(err instanceof OutputFolderError)) throw err;
    opts.io.stderr.write(`actionwatch classify: ${err.message}\n`);
    return EX_CANTCREAT;
  }
  let result: ClassifyVideoResult;
  try {
    result = await classifyIntoTimeline(opts, run);
  } catch (err) {
    run.progress?.clear();
    discardTimeline(run);
    opts.io.stderr.write(`actionwatch classify: ${(err as Error).message}\n`);
    return opts.signal.aborted ? EXIT_INTERRUPTED : 1;
  }
  run.progress?.clear();
  if (result.windows.length === 0) {
    // Not one window: a timeline would say nothing, and the run fails (finalStatus).
    discardTimeline(run);
    return finalStatus(result, { ok: false }, opts.engine, opts.io);
  }
  const annotated = await annotateIfWanted(opts, result, run);
  const summary = summaryRecord(
    {
      video: run.video,
      durationMs: run.info?.durationMs ?? null,
      modelPath: path.resolve(opts.settings.modelPath),
      stride: opts.settings.stride,
      framesSampled: result.framesSampled,
      windows: result.windows,
      elapsedMs: result.elapsedMs,
      timelinePath: run.paths.timeline,
      annotatedPath: annotated.ok ? run.paths.annotated : null,
    },
    run.context,
  );
  writeSync(run.timeline, `${JSON.stringify(summary)}\n`);
  closeSync(run.timeline);
  renameSync(run.partialTimeline, run.paths.timeline);
  if (opts.args.json) opts.io.stdout.write(`${JSON.stringify(summary)}\n`);
  else opts.io.stdout.write(humanSummary(summary, path.basename(run.video)));
  return finalStatus(result, annotated, opts.engine, opts.io);
}

async function prepare(opts: WriteClassificationOptions): Promise<Run> {
  const { args, io, engine } = opts;
  const video = path.resolve(args.video);
  const paths = outputPaths(video, args.outDir);
  const partialTimeline = `${paths.timeline}.part`;
  const timeline = openOutput(partialTimeline);
  const ffprobe = findFfprobe(opts.ffmpegPath, io.env);
  const info = ffprobe === null ? null : await probeVideo(ffprobe, video);
  return {
    video,
    info,
    paths,
    partialTimeline,
    context: {
      card: engine.card,
      randomWeights: isRandomWeights(engine.card),
      head: opts.head && args.head ? { name: opts.head.name, path: path.resolve(args.head) } : null,
    },
    progress: !args.json && io.stderr.isTTY ? new ProgressBar(io.stderr) : null,
    timeline,
  };
}

/** The output folder cannot take the outputs; said in one line, not with a stack trace. */
class OutputFolderError extends Error {}

function openOutput(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (err) {
    throw new OutputFolderError(`cannot write ${file}: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  // Node's message repeats the syscall and path: "EACCES: permission denied, open '/x'".
  return code ? (message.split(',')[0] ?? message) : message;
}

/** A failed run leaves no timeline behind, not even an empty one. */
function discardTimeline(run: Run): void {
  closeSync(run.timeline);
  rmSync(run.partialTimeline, { force: true });
}

function classifyIntoTimeline(opts: WriteClassificationOptions, run: Run) {
  return classifyVideo({
    video: run.video,
    engine: opts.engine,
    ffmpegPath: opts.ffmpegPath,
    scaleFlags: opts.settings.scaleFlags,
    stride: opts.settings.stride,
    topK: opts.settings.topK,
    logger: opts.logger,
    signal: opts.signal,
    ...(opts.head && { head: opts.head }),
    onWindow: (window) => {
      const line = `${JSON.stringify(windowRecord(window, run.context))}\n`;
      writeSync(run.timeline, line);
      if (opts.args.json) opts.io.stdout.write(line);
      run.progress?.update('classify', fractionDone(window, run.info), windowsDetail(window));
    },
  });
}

function finalStatus(
  result: ClassifyVideoResult,
  annotated: AnnotateOutcome,
  engine: InferenceEngine,
  io: CommandIo,
): number {
  if (result.windows.length === 0) {
    const { clipLength, fps } = engine.card;
    io.stderr.write(
      `actionwatch classify: the video gave ${result.framesSampled} frames at ${fps} fps; a window needs ${clipLength} (${(clipLength / fps).toFixed(2)} s)\n`,
    );
    return 1;
  }
  if (annotated.error) {
    io.stderr.write(`actionwatch classify: ${annotated.error}\n`);
    return annotated.interrupted ? EXIT_INTERRUPTED : 1;
  }
  return 0;
}

async function annotateIfWanted(
  opts: WriteClassificationOptions,
  result: ClassifyVideoResult,
  run: Run,
): Promise<AnnotateOutcome> {
  if (!opts.args.annotate || result.windows.length === 0) return { ok: false };
  const lastEndMs = result.windows.at(-1)?.endMs ?? 0;
  const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-'));
  try {
    const subtitlesPath = path.join(scratch, 'windows.ass');
    writeFileSync(
      subtitlesPath,
      buildSubtitles(result.windows, {
        // Without ffprobe, libass scales its default 384x288 script to the video.
        width: run.info?.width ?? 384,
        height: run.info?.height ?? 288,
        durationMs: run.info?.durationMs ?? lastEndMs,
        windowsPerSecond: (result.windows.length * 1000) / result.elapsedMs,
        randomWeights: isRandomWeights(opts.engine.card),
      }),
    );
    await annotateVideo({
      ffmpegPath: opts.ffmpegPath,
      video: path.resolve(opts.args.video),
      subtitlesPath,
      output: run.paths.annotated,
      durationMs: run.info?.durationMs ?? null,
      onProgress: (fraction) =>
        run.progress?.update('annotate', fraction, path.basename(run.paths.annotated)),
      signal: opts.signal,
    });
    run.progress?.clear();
    return { ok: true };
  } catch (err) {
    run.progress?.clear();
    return { ok: false, error: (err as Error).message, interrupted: opts.signal.aborted };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface AnnotateOutcome {
  ok: boolean;
  error?: string;
  interrupted?: boolean;
}

function outputPaths(video: string, outDir: string) {
  const dir = path.resolve(outDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new OutputFolderError(`cannot create output folder ${dir}: ${describeFsError(err)}`);
  }
  const stem = path.basename(video).replace(/\.[^.]*$/, '');
  return {
    timeline: path.join(dir, `${stem}.timeline.jsonl`),
    annotated: path.join(dir, `${stem}.annotated.mp4`),
  };
}

function fractionDone(window: ClassifiedWindow, info: VideoInfo | null): number | null {
  return info?.durationMs ? window.endMs / info.durationMs : null;
}

function windowsDetail(window: ClassifiedWindow): string {
  const count = window.index + 1;
  const windows = `${count} window${count === 1 ? '' : 's'}`;
  return `${windows}, ${Math.round(window.inferenceMs)} ms/window, now: ${window.label}`;
}

function humanSummary(summary: SummaryRecord, name: string): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const [from = 0, to = 0] = summary.covered_ms;
  const top = summary.top_labels[0];
  const lines = [
    `${name}: ${summary.windows} windows of ${summary.clip_length} frames at ${summary.fps} fps (stride ${summary.stride}) covering ${seconds(from)}–${seconds(to)}`,
    `speed: ${summary.windows_per_s} windows/s, ${summary.mean_inference_ms} ms inference per window`,
    ...(summary.labels_from ? [`labels from head '${summary.labels_from}' (${summary.head})`] : []),
    ...(top
      ? [`most frequent top label: ${top.label} (${top.windows} of ${summary.windows} windows)`]
      : []),
    ...(summary.model.random_weights
      ? [`NOTE: ${summary.model.name} has ${RANDOM_WEIGHTS_NOTE}`]
      : []),
    `timeline:  ${summary.timeline}`,
    ...(summary.annotated ? [`annotated: ${summary.annotated}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

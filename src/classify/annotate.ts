import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { StderrTail } from '../ingest/index.js';

export interface AnnotateOptions {
  ffmpegPath: string;
  video: string;
  /** ASS script from buildSubtitles(). */
  subtitlesPath: string;
  output: string;
  /** For progress: the video's length; null gives no progress. */
  durationMs: number | null;
  onProgress?: (fraction: number) => void;
  /** Aborting kills ffmpeg; the partial file is removed. */
  signal?: AbortSignal;
}

/**
 * Burns the subtitles into a copy of the ORIGINAL video, so the copy keeps the input's size,
 * frame rate and audio: H.264 + AAC in MP4. Written under a temporary name and renamed, so a
 * failed run leaves no half file behind.
 */
export async function annotateVideo(opts: AnnotateOptions): Promise<void> {
  const partial = `${opts.output}.part`;
  try {
    await runFfmpeg(opts, annotateArgs(opts, partial));
    await rename(partial, opts.output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

export function annotateArgs(opts: AnnotateOptions, output: string): string[] {
  const input = opts.video.includes(':') ? `file:${opts.video}` : opts.video;
  return [
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'],
    ...['-progress', 'pipe:1'],
    ...['-i', input, '-map', '0:v:0', '-map', '0:a:0?'],
    // yuv420p H.264 needs even sizes; pad adds at most one row or column.
    ...[
      '-vf',
      `subtitles=filename=${filterValue(opts.subtitlesPath)},pad=ceil(iw/2)*2:ceil(ih/2)*2`,
    ],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', '-f', 'mp4', output],
  ];
}

/**
 * A path as a value inside a filter graph: escaped once for the filter's option parser
 * (\ ' :) and once more for the graph's (\ ' , ; [ ]), as ffmpeg-filters(1) describes.
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, '\\$&');
  return option.replace(/[\\',;[\]]/g, '\\$&');
}

function runFfmpeg(opts: AnnotateOptions, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.ffmpegPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const tail = new StderrTail(10, []);
    child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => reportProgress(chunk.toString(), opts));
    child.on('error', (err) => {
      if (opts.signal?.aborted) reject(opts.signal.reason);
      else reject(new Error(`cannot run ${opts.ffmpegPath}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`writing ${opts.output}: ffmpeg ${why}: ${tail.lines().join(' | ')}`));
    });
  });
}

/** ffmpeg's -progress lines carry `out_time_us=<µs written so far>`. */
function reportProgress(text: string, opts: AnnotateOptions): void {
  if (!opts.onProgress || !opts.durationMs) return;
  const matches = [...text.matchAll(/^out_time_us=(\d+)$/gm)];
  const last = matches.at(-1)?.[1];
  if (last !== undefined) opts.onProgress(Math.min(1, Number(last) / 1000 / opts.durationMs));
}

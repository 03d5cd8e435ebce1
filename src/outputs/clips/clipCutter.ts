import { rename, rm, writeFile } from 'node:fs/promises';
import { spawnDyingWithParent } from '../../ingest/index.js';

export interface CutRequest {
  ffmpegPath: string;
  /** Segment files in order. */
  segments: readonly string[];
  /** Where the concat list is written (removed afterwards). */
  listFile: string;
  outFile: string;
  /** ffmpeg is killed past this; a stuck cut must not hold an event's end forever. */
  timeoutMs: number;
}

const STDERR_KEEP = 2000;

/** `file '<path>'` with ffconcat's quoting: a ' inside becomes '\''. */
function concatLine(file: string): string {
  return `file '${file.replaceAll("'", "'\\''")}'`;
}

/**
 * Cuts a clip out of cached segments without re-encoding: ffmpeg's concat demuxer joins
 * them, `-c copy` keeps the camera's own frames, `+faststart` puts the index first so a
 * browser starts playing before the whole file is in. Written to a temporary name and
 * renamed, so a reader never sees half a clip. Rejects with ffmpeg's own words on failure.
 */
export async function cutClip(request: CutRequest): Promise<void> {
  const { ffmpegPath, segments, listFile, outFile, timeoutMs } = request;
  if (segments.length === 0) throw new Error('no segments to cut a clip from');
  await writeFile(listFile, `ffconcat version 1.0\n${segments.map(concatLine).join('\n')}\n`);
  const temporary = `${outFile}.part`;
  const args = [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-f', 'concat', '-safe', '0', '-i', listFile],
    ...['-map', '0:v:0', '-c', 'copy', '-avoid_negative_ts', 'make_zero'],
    ...['-movflags', '+faststart', '-f', 'mp4', '-y', temporary],
  ];
  try {
    await runFfmpeg(ffmpegPath, args, timeoutMs);
    await rename(temporary, outFile);
  } finally {
    await rm(listFile, { force: true });
    await rm(temporary, { force: true });
  }
}

function runFfmpeg(ffmpegPath: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnDyingWithParent(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ffmpeg: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const how = signal === null ? `exited with ${code}` : `was killed (${signal})`;
        reject(new Error(`ffmpeg ${how} cutting a clip: ${stderr.trim() || 'no message'}`));
      }
    });
  });
}

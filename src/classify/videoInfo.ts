import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../ingest/index.js';

export interface VideoInfo {
  width: number;
  height: number;
  /** null when neither the container nor the stream states a duration. */
  durationMs: number | null;
}

/**
 * ffprobe beside the ffmpeg in use (same build, same demuxers), else on PATH; null when
 * there is none. Classify still works without it, only with less to show (no total).
 */
export function findFfprobe(ffmpegPath: string, env: NodeJS.ProcessEnv): string | null {
  if (ffmpegPath.includes('/')) {
    const sibling = path.join(path.dirname(ffmpegPath), 'ffprobe');
    try {
      accessSync(sibling, constants.X_OK);
      return sibling;
    } catch {
      // ffmpeg-static ships no ffprobe: look on PATH.
    }
  }
  return findOnPath('ffprobe', env.PATH ?? '');
}

/** Size and duration of the first video stream, or null when ffprobe cannot tell. */
export function probeVideo(ffprobePath: string, video: string): Promise<VideoInfo | null> {
  const args = [
    ...['-v', 'error', '-select_streams', 'v:0'],
    ...['-show_entries', 'stream=width,height,duration:format=duration', '-of', 'json'],
    video.includes(':') ? `file:${video}` : video,
  ];
  return new Promise((resolve) => {
    execFile(ffprobePath, args, (err, stdout) => {
      resolve(err ? null : parseProbe(stdout));
    });
  });
}

export function parseProbe(json: string): VideoInfo | null {
  let parsed: { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const stream = parsed.streams?.[0];
  const width = Number(stream?.width);
  const height = Number(stream?.height);
  if (!(width > 0 && height > 0)) return null;
  // Matroska states no stream duration, only the container's.
  const seconds = Number(stream?.duration ?? parsed.format?.duration);
  return { width, height, durationMs: seconds > 0 ? seconds * 1000 : null };
}

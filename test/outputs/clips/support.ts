import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A 320x240 H.264 test video with a keyframe every `gopFrames` frames (no B-frames: a
 * camera's stream), made with ffmpeg's test source.
 */
export async function makeCameraVideo(
  file: string,
  { seconds = 20, fps = 15, gopFrames = 15, size = '320x240' } = {},
): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `testsrc=size=${size}:rate=${fps}`, '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', String(gopFrames)],
    ...['-keyint_min', String(gopFrames), '-sc_threshold', '0', '-pix_fmt', 'yuv420p', file],
  ]);
}

export interface ProbedClip {
  codec: string;
  durationS: number;
  frames: number;
  /** key_frame flag and pts of the first decoded frame. */
  firstFrame: { key: boolean; ptsS: number };
  /** The top-level boxes in file order (faststart: moov before mdat). */
  boxes: string[];
}

/** What ffprobe says of a clip, and its MP4 box order read from the file. */
export async function probeClip(file: string): Promise<ProbedClip> {
  const streamInfo = await ffprobeJson(file, [
    ...['-count_frames', '-show_entries', 'stream=codec_name,nb_read_frames:format=duration'],
  ]);
  const frameInfo = await ffprobeJson(file, [
    ...['-read_intervals', '%+#1', '-show_entries', 'frame=key_frame,pts_time'],
  ]);
  const json = { ...streamInfo, frames: frameInfo.frames } as {
    streams: Array<{ codec_name: string; nb_read_frames: string }>;
    format: { duration: string };
    frames: Array<{ key_frame: number; pts_time: string }>;
  };
  const [stream] = json.streams;
  const [frame] = json.frames;
  return {
    codec: stream?.codec_name ?? '',
    durationS: Number(json.format.duration),
    frames: Number(stream?.nb_read_frames),
    firstFrame: { key: frame?.key_frame === 1, ptsS: Number(frame?.pts_time) },
    boxes: topLevelBoxes(file),
  };
}

async function ffprobeJson(file: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', ...args, '-of', 'json', file],
  ]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

function topLevelBoxes(file: string): string[] {
  const data = readFileSync(file);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const size = data.readUInt32BE(offset);
    boxes.push(data.toString('latin1', offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

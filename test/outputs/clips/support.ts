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
  /** Presentation times (s) of the keyframes, in order. */
  keyframesS: number[];
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
  const packets = await ffprobeJson(file, ['-show_entries', 'packet=pts_time,flags']);
  const keyframesS = (packets.packets as Array<{ pts_time: string; flags: string }>)
    .filter((packet) => packet.flags.startsWith('K'))
    .map((packet) => Number(packet.pts_time))
    .sort((a, b) => a - b);
  const [stream] = json.streams;
  const [frame] = json.frames;
  return {
    codec: stream?.codec_name ?? '',
    durationS: Number(json.format.duration),
    frames: Number(stream?.nb_read_frames),
    firstFrame: { key: frame?.key_frame === 1, ptsS: Number(frame?.pts_time) },
    boxes: topLevelBoxes(file),
    keyframesS,
  };
}

async function ffprobeJson(file: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', ...args, '-of', 'json', file],
  ]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/**
 * Whether a clip said to start at `clipStartMs` starts at the keyframe at or before
 * `wantedMs`: it starts no later than that, and its next keyframe is past it. (1 ms either
 * way for the whole milliseconds of ISO times.)
 */
export function startsAtKeyframeBefore(
  probed: ProbedClip,
  clipStartMs: number,
  wantedMs: number,
): boolean {
  const nextKeyframeS = probed.keyframesS[1];
  const next = nextKeyframeS === undefined ? Number.POSITIVE_INFINITY : nextKeyframeS * 1000;
  return clipStartMs <= wantedMs + 1 && clipStartMs + next > wantedMs - 1;
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

import path from 'node:path';
import type { RecordConfig, SourceConfig } from '../config/types.js';
import { canCopyStream } from './streamCopy.js';

/**
 * The camera's recording output: short MPEG-TS segments of the same input, written by the
 * camera's own ffmpeg (no second camera connection) into a folder per ffmpeg run, with a CSV
 * list of every closed segment's media times. MPEG-TS because a segment cut off by a killed
 * ffmpeg is still readable up to its last whole packet (an MP4 without its index is not).
 */
export type RecordCodec = 'copy' | 'encode';

export interface RecordOutputSpec {
  /** Folder of this run's segments; it must exist before ffmpeg starts. */
  dir: string;
  segmentS: number;
  codec: RecordCodec;
}

/** The list ffmpeg appends a `name,start,end` line to as each segment closes. */
export const SEGMENT_LIST = 'segments.csv';
export const SEGMENT_EXTENSION = '.ts';

/** copy where the camera's own stream is worth keeping as it is (see canCopyStream). */
export function recordCodecFor(source: SourceConfig, mode: RecordConfig['mode']): RecordCodec {
  if (mode !== 'auto') return mode;
  return canCopyStream(source) ? 'copy' : 'encode';
}

/**
 * libx264 ultrafast at a modest quality: the cheapest encode that keeps motion readable.
 * A keyframe every segment so that every segment starts on one.
 */
function encodeArgs(segmentS: number): string[] {
  return [
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-crf', '28'],
    ...['-pix_fmt', 'yuv420p', '-force_key_frames', `expr:gte(t,n_forced*${segmentS})`],
  ];
}

/** argv of the recording output, appended after the camera's other outputs. */
export function buildRecordOutputArgs(spec: RecordOutputSpec): string[] {
  if (!Number.isInteger(spec.segmentS) || spec.segmentS < 1) {
    throw new RangeError(`segmentS must be an integer >= 1, got ${spec.segmentS}`);
  }
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    ...(spec.codec === 'copy' ? ['-c:v', 'copy'] : encodeArgs(spec.segmentS)),
    // The segment muxer cuts only at keyframes: a segment starts on one. It cuts at the first
    // keyframe at or past each multiple of segment_time, less the delta: without one, a
    // keyframe landing just before a multiple (a live encoder's keyframes drift as it drops
    // frames) is passed over and that segment holds two. With half a segment of slack every
    // keyframe starts a segment as long as keyframes are at least segment_time apart.
    ...['-f', 'segment', '-segment_time', String(spec.segmentS)],
    ...['-segment_time_delta', String(spec.segmentS / 2)],
    ...['-segment_format', 'mpegts', '-reset_timestamps', '1'],
    ...['-segment_list', path.join(spec.dir, SEGMENT_LIST), '-segment_list_type', 'csv'],
    path.join(spec.dir, `%06d${SEGMENT_EXTENSION}`),
  ];
}

/**
 * One ffmpeg run as the recording sees it. FrameSource fills it in: `originMs` is the time
 * (epoch ms, the clock every frame is stamped by) of media time 0 of the run, known once
 * frames flow; `ended` once ffmpeg exited, so its last segment is as whole as it will get.
 */
export class RecordingRun {
  originMs: number | null = null;
  ended = false;

  constructor(readonly startedAtMs: number) {}
}

/** What a FrameSource needs of the recording of its camera. */
export interface RecordingOutput {
  /** argv to append for a run about to start; [] while recording is paused. */
  argsForRun(run: RecordingRun): string[];
  /**
   * Hands over how to restart the camera's ffmpeg at once (not as a failure), which the
   * recording does to drop or add its output when it pauses or resumes.
   */
  attach(respawn: (reason: string) => void): void;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPassthroughOutputArgs,
  FrameSource,
  frameBytesFor,
  type PassthroughOutput,
} from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { Fmp4Splitter } from '../../src/outputs/http/live/fmp4/splitter.js';
import { ArraySink, cameraConfig, runToEnd } from './helpers.js';

const output = { cropSize: 64, resizeShortSide: 73, fps: 7.5, scaleFlags: 'bilinear' };
const sources: FrameSource[] = [];
let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'actionwatch-passthrough-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

/** 3 s of testsrc2 at 30 fps in `codec`, a keyframe every 30 frames where it has keyframes. */
function clip(name: string, codecArgs: string[]): string {
  const file = path.join(work, name);
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3'],
    ...codecArgs,
    file,
  ]);
  return file;
}

/** What the passthrough side saw of each run. */
class RecordedPassthrough implements PassthroughOutput {
  runs: Buffer[][] = [];
  reasons: string[] = [];
  runStarted(): void {
    this.runs.push([]);
  }
  push(chunk: Buffer): void {
    this.runs.at(-1)?.push(chunk);
  }
  unavailable(reason: string): void {
    this.reasons.push(reason);
  }
}

/** Reads `file` to its end with the passthrough output on. */
async function readFile(file: string) {
  const sink = new ArraySink(frameBytesFor(output.cropSize));
  const passthrough = new RecordedPassthrough();
  const source = new FrameSource({
    camera: cameraConfig({ kind: 'file', url: file, realtime: false, loop: false }),
    output,
    ffmpegPath: '/usr/bin/ffmpeg',
    sink,
    logger: silentLogger(),
    passthrough,
    backoff: { initialMs: 10, maxMs: 10, factor: 1, jitter: 0, resetAfterMs: 1000 },
  });
  sources.push(source);
  await runToEnd(source);
  return { sink, passthrough };
}

/** Splits a run's bytes the way the HTTP side does. */
function split(chunks: Buffer[]) {
  const inits: string[] = [];
  const keyframes: boolean[] = [];
  const errors: string[] = [];
  const splitter = new Fmp4Splitter({
    init: (_segment, info) =>
      inits.push(`${info.sampleEntry} ${info.codec} ${info.width}x${info.height}`),
    fragment: (_fragment, keyframe) => keyframes.push(keyframe),
    error: (err) => errors.push(err.message),
  });
  for (const chunk of chunks) splitter.push(chunk);
  return { inits, keyframes, errors };
}

describe('the passthrough output of the camera’s ffmpeg', () => {
  it('copies the first video stream into fragmented MP4 on fd 5, never encoding', () => {
    const args = buildPassthroughOutputArgs();
    expect(args).toEqual([
      ...['-map', '0:v:0', '-an', '-sn', '-dn', '-c:v', 'copy'],
      ...['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'],
      ...['-frag_duration', '100000', '-flush_packets', '1'],
      'pipe:5',
    ]);
  });

  it('passes an H.264 file through: its avcC codec, a keyframe fragment every second', async () => {
    const file = clip('h264.mp4', [
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
      ...['-profile:v', 'high', '-level:v', '3.1'],
      ...['-g', '30', '-keyint_min', '30', '-sc_threshold', '0'],
    ]);
    const { sink, passthrough } = await readFile(file);
    expect(sink.frames.length).toBe(23);
    expect(passthrough.runs.length).toBe(1);
    const { inits, keyframes, errors } = split(passthrough.runs[0] as Buffer[]);
    expect(errors).toEqual([]);
    // High profile (0x64), no constraint flags (0x00), level 3.1 (0x1f), from the avcC box.
    expect(inits).toEqual(['avc1 avc1.64001f 320x180']);
    // 90 frames in fragments of 100 ms (3 frames), cut at each of the 3 keyframes.
    expect(keyframes.length).toBe(30);
    expect(keyframes.filter(Boolean).length).toBe(3);
    expect([keyframes[0], keyframes[10], keyframes[20], keyframes[1]]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('passes an H.265 file through as it is: an init without an H.264 codec', async () => {
    const file = clip('h265.mp4', [
      ...['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'],
    ]);
    const { sink, passthrough } = await readFile(file);
    expect(sink.frames.length).toBe(23);
    const { inits, errors } = split(passthrough.runs[0] as Buffer[]);
    expect(errors).toEqual([]);
    expect(inits).toEqual(['hev1 null 320x180']);
  });

  it('drops the output, not the camera, for a stream MP4 cannot hold (raw video)', async () => {
    const file = clip('raw.avi', ['-c:v', 'rawvideo', '-pix_fmt', 'yuv420p']);
    const { sink, passthrough } = await readFile(file);
    // The first run failed at once on the MP4 muxer; the second ran without it.
    expect(sink.frames.length).toBe(23);
    expect(passthrough.runs.length).toBe(1);
    expect(passthrough.reasons).toHaveLength(1);
    expect(passthrough.reasons[0]).toMatch(/cannot write this stream as MP4: \[mp4 @ .*rawvideo/);
  });
});

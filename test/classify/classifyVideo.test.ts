import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyVideo } from '../../src/classify/index.js';
import { silentLogger } from '../../src/log/index.js';
import type { InferenceEngine } from '../../src/model/index.js';
import { RESOLUTION_CHANGE_CLIP, writeResolutionChangeClip } from '../helpers/resolutionChange.js';
import { FakeChild } from '../ingest/helpers.js';
import { clip, ffmpegPath, loadEngine, tinyModelPath } from '../tools/parity/support.js';

describe('classifyVideo with the tiny model', () => {
  let engine: InferenceEngine;
  const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-test-'));

  beforeAll(async () => {
    engine = await loadEngine(tinyModelPath);
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const run = (video: string, stride: number) =>
    classifyVideo({
      video,
      engine,
      ffmpegPath,
      scaleFlags: 'bilinear+full_chroma_inp',
      stride,
      topK: 3,
      logger: silentLogger(),
    });

  it('runs every window, even at stride 1 with many small frames per pipe read', async () => {
    // 75 sampled frames, a window ending at each of frames 15..74; ffmpeg decodes far faster
    // than the windows run, so only pausing it keeps them all.
    const result = await run(clip('arm_wrestling.mp4'), 1);
    expect(result.framesSampled).toBe(75);
    expect(result.windows.map((w) => w.lastFrame)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 15),
    );
    expect(result.windows.every((w) => !w.tail && w.topK.length === 3)).toBe(true);
  });

  it('keeps every window when all of ffmpeg’s frames arrive at once, paused or not', async () => {
    // When ffmpeg exits, Node resumes its stdout to drain the pipe, pause() or not: what was
    // still in it arrives in one go while a window runs. Here it is all 120 frames, far more
    // than the ring holds.
    const frames = 120;
    const spawn = () => {
      const child = new FakeChild(4242);
      const stdout = Buffer.alloc(frames * engine.frameBytes);
      for (let i = 0; i < frames; i++) stdout.fill(i, i * engine.frameBytes);
      setImmediate(() => {
        child.stdout.write(stdout);
        setImmediate(() => child.exit(0));
      });
      return child as unknown as ChildProcess;
    };
    const result = await classifyVideo({
      video: clip('arm_wrestling.mp4'),
      engine,
      ffmpegPath,
      scaleFlags: 'bilinear',
      stride: 8,
      topK: 1,
      logger: silentLogger(),
      spawn,
    });
    expect(result.framesSampled).toBe(frames);
    expect(result.windows.map((w) => w.lastFrame)).toEqual(
      Array.from({ length: 14 }, (_, i) => 15 + 8 * i),
    );
  });

  it('adds a tail window so the windows reach the end of the file', async () => {
    // 30 fps, 10.33 s: 78 sampled frames; the stride-8 grid ends at frame 71.
    const result = await run(clip('flipping_pancake.mkv'), 8);
    const last = result.windows.at(-1)!;
    expect(result.windows.map((w) => w.lastFrame)).toEqual([15, 23, 31, 39, 47, 55, 63, 71, 77]);
    expect(last).toMatchObject({
      tail: true,
      firstFrame: 62,
      lastFrame: 77,
      endMs: (78 * 1000) / 7.5,
    });
    expect(result.windows[1]).toMatchObject({
      startMs: (8 * 1000) / 7.5,
      endMs: (24 * 1000) / 7.5,
    });
  });

  it('classifies a video whose picture size changes half-way to its end', async () => {
    const video = writeResolutionChangeClip(scratch, ffmpegPath);
    const result = await run(video, 8);
    expect(result.framesSampled).toBe(RESOLUTION_CHANGE_CLIP.sampledFrames);
    expect(result.windows.map((w) => w.lastFrame)).toEqual([15, 23, 29]);
  });

  it('gives no window for a video shorter than one clip', async () => {
    const short = path.join(scratch, 'short.mp4');
    execFileSync(ffmpegPath, [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1'],
      ...['-pix_fmt', 'yuv420p', short],
    ]);
    const result = await run(short, 8);
    expect(result.framesSampled).toBe(8);
    expect(result.windows).toEqual([]);
  });

  it('fails with ffmpeg’s reason on a file that is not a video, without retrying', async () => {
    const garbage = path.join(scratch, 'garbage.mp4');
    writeFileSync(garbage, Buffer.alloc(4096, 7));
    await expect(run(garbage, 8)).rejects.toThrow(/garbage\.mp4: ffmpeg cannot read it: .*/);
  });
});

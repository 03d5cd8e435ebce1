import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameSource, frameBytesFor, type RegionCrop } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ArraySink, cameraConfig, runToEnd } from './helpers.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
/** 454x256 at 25 fps, 250 frames. */
const clip = resolve(repoRoot, '../shared/clips/abseiling.mp4');
const ffmpegPath = '/usr/bin/ffmpeg';
const output = { cropSize: 64, resizeShortSide: 72, fps: 7.5, scaleFlags: 'bilinear' };
const regions: RegionCrop[] = [
  { name: 'left', x: 0, y: 0, width: 0.5, height: 1 },
  { name: 'rope', x: 0.3, y: 0.1, width: 0.45, height: 0.7 },
];
const sources: FrameSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

/**
 * The same region cut by a plain ffmpeg run of its own: the rectangle spelled out in source
 * pixels (454x256, truncated), no split, no extra pipes.
 */
function separateCrop(region: RegionCrop): Buffer {
  const w = Math.trunc(454 * region.width);
  const h = Math.trunc(256 * region.height);
  const x = Math.trunc(454 * region.x);
  const y = Math.trunc(256 * region.y);
  const shortSide = output.resizeShortSide;
  const filter = [
    'setpts=PTS-STARTPTS-0.0005/TB',
    'fps=fps=15/2:round=up',
    'format=rgb24',
    `crop=${w}:${h}:${x}:${y}:exact=1`,
    w >= h
      ? `scale=${Math.trunc((w * shortSide) / h)}:${shortSide}:flags=bilinear`
      : `scale=${shortSide}:${Math.trunc((h * shortSide) / w)}:flags=bilinear`,
    `crop=${output.cropSize}:${output.cropSize}:exact=1`,
  ].join(',');
  return execFileSync(
    ffmpegPath,
    [
      '-v',
      'error',
      '-threads',
      '1',
      '-i',
      clip,
      '-an',
      '-vf',
      filter,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

async function readAllRegions() {
  const frameBytes = frameBytesFor(output.cropSize);
  const sink = new ArraySink(frameBytes);
  const regionSinks = regions.map(() => new ArraySink(frameBytes));
  const spawned: ChildProcess[] = [];
  const source = new FrameSource({
    camera: cameraConfig({ kind: 'file', url: clip }),
    output,
    ffmpegPath,
    sink,
    regions: regions.map((region, i) => ({ region, sink: regionSinks[i] as ArraySink })),
    logger: silentLogger(),
    spawn: (command, args, options) => {
      const child = spawn(command, args, options);
      spawned.push(child);
      return child;
    },
  });
  sources.push(source);
  await runToEnd(source);
  return { sink, regionSinks, spawned };
}

describe('regions of interest in the camera ffmpeg', () => {
  it('delivers each region, cut from the one decode, as a separate ffmpeg crops it', async () => {
    const { sink, regionSinks, spawned } = await readAllRegions();
    // One ffmpeg for the whole frame and both regions: one decode, one camera connection.
    expect(spawned).toHaveLength(1);
    // 250 frames at 25 fps = 10 s, sampled at 7.5 fps: 75 frames for every target.
    expect(sink.frames).toHaveLength(75);
    for (const [i, region] of regions.entries()) {
      const regionSink = regionSinks[i] as ArraySink;
      expect(regionSink.frames, region.name).toHaveLength(75);
      // Region frame k is sampled frame k of the source, at the whole frame's time.
      expect(regionSink.timesMs).toEqual(sink.timesMs);
      const expected = separateCrop(region);
      expect(Buffer.concat(regionSink.frames).equals(expected), region.name).toBe(true);
    }
    // A region is not the whole frame.
    expect(
      Buffer.from(regionSinks[0]?.frames[10] ?? []).equals(Buffer.from(sink.frames[10] ?? [])),
    ).toBe(false);
  });
});

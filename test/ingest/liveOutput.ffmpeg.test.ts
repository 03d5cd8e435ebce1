import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLiveOutputArgs, FrameSource, frameBytesFor } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { clipsDir } from '../outputs/snapshots/support.js';
import { ArraySink, cameraConfig, runToEnd } from './helpers.js';

const output = { cropSize: 64, resizeShortSide: 73, fps: 7.5, scaleFlags: 'bilinear' };
const sources: FrameSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

/** Reads abseiling.mp4 (454x256, 25 fps, 10 s) to its end with the live output on. */
async function readClip(withSnapshots: boolean, withRegion = false) {
  const sink = new ArraySink(frameBytesFor(output.cropSize));
  const region = new ArraySink(frameBytesFor(output.cropSize));
  const live: Buffer[] = [];
  const snapshots: Buffer[] = [];
  const source = new FrameSource({
    camera: cameraConfig({
      kind: 'file',
      url: path.join(clipsDir, 'abseiling.mp4'),
      realtime: false,
      loop: false,
    }),
    output,
    ffmpegPath: '/usr/bin/ffmpeg',
    sink,
    logger: silentLogger(),
    live: { fps: 5, width: 320, onJpeg: (jpeg) => live.push(jpeg) },
    ...(withSnapshots && { snapshots: { fps: 1, width: 640, onJpeg: (j) => snapshots.push(j) } }),
    ...(withRegion && {
      regions: [{ region: { name: 'left', x: 0, y: 0, width: 0.5, height: 1 }, sink: region }],
    }),
  });
  sources.push(source);
  await runToEnd(source);
  return { sink, region, live, snapshots };
}

describe('the live output of the camera’s ffmpeg', () => {
  it('builds a third output for fd 4, never upscaling', () => {
    expect(buildLiveOutputArgs({ fps: 5, width: 640 })).toEqual([
      ...['-map', '0:v:0', '-an', '-sn', '-dn'],
      ...['-vf', "fps=fps=5/1:round=up,scale=w='trunc(min(640,iw)/2)*2':h=-2"],
      ...['-c:v', 'mjpeg', '-q:v', '7', '-f', 'image2pipe', 'pipe:4'],
    ]);
  });

  it('delivers small JPEGs at its rate beside the rgb frames, with or without snapshots', async () => {
    for (const withSnapshots of [false, true]) {
      const { sink, live, snapshots } = await readClip(withSnapshots);
      expect(sink.frames.length).toBe(75);
      // 10 s at 5 fps.
      expect(live.length).toBe(50);
      expect(snapshots.length).toBe(withSnapshots ? 10 : 0);
      const meta = await sharp(live[7]).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 180]);
    }
  });

  it('runs beside region pipes (a filter graph split) and snapshots in the same ffmpeg', async () => {
    const { sink, region, live, snapshots } = await readClip(true, true);
    expect(sink.frames.length).toBe(75);
    expect(region.frames.length).toBe(75);
    expect(live.length).toBe(50);
    expect(snapshots.length).toBe(10);
  });
});

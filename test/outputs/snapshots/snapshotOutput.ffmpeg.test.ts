import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSnapshotOutputArgs, FrameSource, frameBytesFor } from '../../../src/ingest/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { ArraySink, cameraConfig, runToEnd } from '../../ingest/helpers.js';
import { clipsDir } from './support.js';

const output = { cropSize: 64, resizeShortSide: 73, fps: 7.5, scaleFlags: 'bilinear' };
const sources: FrameSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

/** Reads abseiling.mp4 (454x256, 25 fps, 10 s) to its end, with or without snapshots. */
async function readClip(withSnapshots: boolean) {
  const sink = new ArraySink(frameBytesFor(output.cropSize));
  const jpegs: { jpeg: Buffer; timeMs: number }[] = [];
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
    ...(withSnapshots && {
      snapshots: { fps: 1, width: 640, onJpeg: (jpeg, timeMs) => jpegs.push({ jpeg, timeMs }) },
    }),
  });
  sources.push(source);
  await runToEnd(source);
  return { sink, jpegs };
}

describe('the snapshot output of the camera’s ffmpeg', () => {
  it('builds the second output for fd 3, never upscaling', () => {
    expect(buildSnapshotOutputArgs({ fps: 0.5, width: 640 })).toEqual([
      ...['-map', '0:v:0', '-an', '-sn', '-dn'],
      ...['-vf', "fps=fps=1/2:round=up,scale=w='trunc(min(640,iw)/2)*2':h=-2"],
      ...['-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:3'],
    ]);
  });

  it('delivers full-view JPEGs with media times and leaves the rgb24 frames untouched', async () => {
    const plain = await readClip(false);
    const withSnapshots = await readClip(true);
    // Same frames, byte for byte: the second output does not disturb the first.
    expect(withSnapshots.sink.frames.length).toBe(plain.sink.frames.length);
    expect(withSnapshots.sink.frames.length).toBe(75);
    withSnapshots.sink.frames.forEach((frame, i) => {
      expect(Buffer.from(frame).equals(Buffer.from(plain.sink.frames[i] as Uint8Array))).toBe(true);
    });
    // 10 s at 1 fps, each one second after the last, on the rgb frames' clock.
    const { jpegs } = withSnapshots;
    expect(jpegs.length).toBe(10);
    const startMs = withSnapshots.sink.timesMs[0] as number;
    expect(jpegs.map((j) => j.timeMs - startMs)).toEqual(
      [...Array(10).keys()].map((k) => k * 1000),
    );
    // The camera is only 454 wide: kept as it is (even), not upscaled to 640.
    const meta = await sharp(jpegs[3]?.jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 454, 256]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildFfmpegArgs,
  buildVideoFilter,
  FrameSource,
  frameBytesFor,
  REGION_FD_BASE,
  regionCropFilter,
  regionUpscaleFactor,
} from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ArraySink, cameraConfig, fakeSpawner, sourceConfig } from './helpers.js';

const output = { cropSize: 224, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' };
const left = { name: 'left', x: 0, y: 0, width: 0.5, height: 1 };
const rack = { name: 'rack', x: 0.25, y: 0.5, width: 0.25, height: 0.5 };

describe('region filter graph', () => {
  it('leaves the argv of a camera without regions as it was', () => {
    const args = buildFfmpegArgs(sourceConfig(), output);
    expect(args).not.toContain('-filter_complex');
    expect(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4)).toEqual([
      '-map',
      '0:v:0',
      '-vf',
      buildVideoFilter(output, { fromFirstFrame: false }),
    ]);
  });

  it('samples and converts once, then splits into the whole frame and one chain per region', () => {
    const args = buildFfmpegArgs(sourceConfig(), output, { timeoutMs: 5000 }, [left, rack]);
    expect(args).not.toContain('-vf');
    const graph = args[args.indexOf('-filter_complex') + 1];
    const scale =
      "scale=w='if(gte(iw,ih),trunc(iw*256/ih),256)':h='if(gte(iw,ih),256,trunc(ih*256/iw))':flags=bilinear,crop=w=224:h=224:exact=1";
    expect(graph?.split(';')).toEqual([
      '[0:v:0]fps=fps=15/2:round=up,format=rgb24,split=3[aw_split0][aw_split1][aw_split2]',
      `[aw_split0]${scale}[aw_frame]`,
      `[aw_split1]crop=w='trunc(iw*0.5)':h='trunc(ih*1)':x='trunc(iw*0)':y='trunc(ih*0)':exact=1,${scale}[aw_region0]`,
      `[aw_split2]crop=w='trunc(iw*0.25)':h='trunc(ih*0.5)':x='trunc(iw*0.25)':y='trunc(ih*0.5)':exact=1,${scale}[aw_region1]`,
    ]);
    // The whole frame still goes to stdout; each region to its own fd.
    const outputs = args.flatMap((arg, i) => (arg === '-map' ? [[args[i + 1], args[i + 8]]] : []));
    expect(outputs).toEqual([
      ['[aw_frame]', 'pipe:1'],
      ['[aw_region0]', `pipe:${REGION_FD_BASE}`],
      ['[aw_region1]', `pipe:${REGION_FD_BASE + 1}`],
    ]);
  });

  it('anchors a file on its first frame before the split', () => {
    const args = buildFfmpegArgs(sourceConfig({ kind: 'file', url: '/a.mp4' }), output, undefined, [
      left,
    ]);
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(
      /^\[0:v:0\]setpts=PTS-STARTPTS-0.0005\/TB,fps=fps=15\/2:round=up,format=rgb24,split=2/,
    );
  });

  it('refuses a rectangle that is not plain fractions', () => {
    expect(() => regionCropFilter({ ...left, x: Number.NaN })).toThrow(/x must be a number/);
    expect(() => regionCropFilter({ ...left, width: 0 })).toThrow(/above 0/);
  });

  it('says how much a small region is upscaled for the model', () => {
    // 1920x1080: a quarter-width, half-height region is 480x540, short side 480 → 256: no upscale.
    expect(regionUpscaleFactor(rack, { width: 1920, height: 1080 }, output)).toBeCloseTo(256 / 480);
    // 640x360: 160x180, short side 160 → 256: 1.6x.
    expect(regionUpscaleFactor(rack, { width: 640, height: 360 }, output)).toBeCloseTo(1.6);
  });

  it('opens a pipe per region at its fd, leaving the fds between unused', () => {
    const { calls, spawn } = fakeSpawner();
    const bytes = frameBytesFor(output.cropSize);
    const source = new FrameSource({
      camera: cameraConfig(),
      output,
      ffmpegPath: 'ffmpeg',
      sink: new ArraySink(bytes),
      regions: [left, rack].map((region) => ({ region, sink: new ArraySink(bytes) })),
      logger: silentLogger(),
      spawn,
    });
    source.start();
    const stdio = calls[0]?.options.stdio as string[];
    expect(stdio.slice(0, 3)).toEqual(['ignore', 'pipe', 'pipe']);
    expect(stdio.slice(3, REGION_FD_BASE)).toEqual(Array(REGION_FD_BASE - 3).fill('ignore'));
    expect(stdio.slice(REGION_FD_BASE)).toEqual(['pipe', 'pipe']);
    void source.stop();
  });

  it('keeps the snapshot (3) and live (4) pipes below the regions’ fds', () => {
    const { calls, spawn } = fakeSpawner();
    const bytes = frameBytesFor(output.cropSize);
    const jpegs = { fps: 1, width: 320, onJpeg: () => {} };
    const source = new FrameSource({
      camera: cameraConfig(),
      output,
      ffmpegPath: 'ffmpeg',
      sink: new ArraySink(bytes),
      regions: [left, rack].map((region) => ({ region, sink: new ArraySink(bytes) })),
      snapshots: jpegs,
      live: jpegs,
      logger: silentLogger(),
      spawn,
    });
    source.start();
    const { args, options } = calls[0] ?? {};
    expect(options?.stdio).toEqual([
      ...['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      ...Array(REGION_FD_BASE - 5).fill('ignore'),
      ...['pipe', 'pipe'],
    ]);
    expect(args).toEqual(expect.arrayContaining(['pipe:3', 'pipe:4', `pipe:${REGION_FD_BASE}`]));
    void source.stop();
  });
});

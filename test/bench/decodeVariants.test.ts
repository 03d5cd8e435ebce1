import { describe, expect, it } from 'vitest';
import { DECODE_VARIANTS, variantArgs } from '../../bench/decodeVariants.js';
import { parseBenchmarkCpuMs, parseBenchmarkMaxRssMiB } from '../../bench/ffmpegCpu.js';
import { buildVideoFilter } from '../../src/ingest/index.js';

const output = { cropSize: 224, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' };
const clip = '/tmp/camera.mp4';

function variant(name: string) {
  const found = DECODE_VARIANTS.find((v) => v.name === name);
  if (found === undefined) throw new Error(`no variant ${name}`);
  return found;
}

describe('decode bench variants', () => {
  it("runs the daemon's own argv for the default, with ffmpeg's CPU report turned on", () => {
    const { args, rawOutput } = variantArgs(clip, output, variant('default'));
    expect(rawOutput).toBe(true);
    expect(args[0]).toBe('-benchmark');
    expect(args[args.indexOf('-loglevel') + 1]).toBe('info');
    expect(args[args.indexOf('-vf') + 1]).toBe(buildVideoFilter(output));
    expect(args.slice(-5)).toEqual(['-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1']);
  });

  it('puts decoder options before -i and scaler changes into the filter', () => {
    const threads = variantArgs(clip, output, variant('threads 0 (auto)')).args;
    expect(threads.slice(threads.indexOf('-i') - 2, threads.indexOf('-i') + 2)).toEqual([
      '-threads',
      '0',
      '-i',
      clip,
    ]);
    const scaler = variantArgs(clip, output, variant('fast_bilinear scaler')).args;
    expect(scaler[scaler.indexOf('-vf') + 1]).toContain('flags=fast_bilinear');
  });

  it('decodes and discards for the floor', () => {
    const { args, rawOutput } = variantArgs(clip, output, variant('decode only (floor)'));
    expect(rawOutput).toBe(false);
    expect(args).toEqual(expect.arrayContaining(['-benchmark', '-i', clip, '-f', 'null']));
    expect(args).not.toContain('-vf');
  });

  it("reads ffmpeg's own user + system time", () => {
    const stderr =
      'frame=  75 ...\nbench: utime=1.392s stime=0.111s rtime=1.261s\nbench: maxrss=79584kB\n';
    expect(parseBenchmarkCpuMs(stderr)).toBeCloseTo(1503);
    expect(parseBenchmarkMaxRssMiB(stderr)).toBeCloseTo(77.72, 2);
    expect(parseBenchmarkMaxRssMiB('no report')).toBeNull();
    expect(() => parseBenchmarkCpuMs('Conversion failed!')).toThrow(
      /no -benchmark line.*Conversion failed!/,
    );
  });
});

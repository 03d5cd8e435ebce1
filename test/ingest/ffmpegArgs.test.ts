import { describe, expect, it } from 'vitest';
import {
  buildFfmpegArgs,
  buildVideoFilter,
  fpsRational,
  frameBytesFor,
  HWACCEL_PRESETS,
} from '../../src/ingest/index.js';
import { sourceConfig } from './helpers.js';

const output = { cropSize: 224, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' };

/** The option values right after `flag`, or undefined when the flag is absent. */
function optionValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
}

function inputOf(args: string[]): string | undefined {
  return optionValue(args, '-i');
}

describe('buildFfmpegArgs', () => {
  it('reads rtsp over TCP first, UDP if the server has no TCP, with a socket timeout', () => {
    const url = 'rtsp://admin:p a$$;rm -rf@10.0.0.5:554/Streaming/Channels/101?x=1&y=2';
    const args = buildFfmpegArgs(sourceConfig({ kind: 'rtsp', url }), output, { timeoutMs: 5000 });
    expect(optionValue(args, '-rtsp_flags')).toBe('prefer_tcp');
    // Forcing a transport would shut out servers without it.
    expect(args).not.toContain('-rtsp_transport');
    expect(optionValue(args, '-timeout')).toBe('5000000');
    expect(inputOf(args)).toBe(url);
    expect(args.indexOf('-rtsp_flags')).toBeLessThan(args.indexOf('-i'));
    expect(args.filter((a) => a.includes('10.0.0.5'))).toEqual([url]);
  });

  it('starts with quiet global options and ends with raw rgb24 on stdout', () => {
    const args = buildFfmpegArgs(sourceConfig(), output);
    expect(args.slice(0, 5)).toEqual([
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'warning',
    ]);
    expect(args.slice(-5)).toEqual(['-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1']);
    expect(optionValue(args, '-map')).toBe('0:v:0');
    expect(args).toEqual(expect.arrayContaining(['-an', '-sn', '-dn']));
    expect(optionValue(args, '-vf')).toBe(buildVideoFilter(output, { fromFirstFrame: false }));
    expect(optionValue(args, '-fps_mode')).toBe('passthrough');
    expect(optionValue(args, '-timeout')).toBe('10000000');
  });

  it('reads v4l2 without format, size or rate when none is set', () => {
    const args = buildFfmpegArgs(sourceConfig({ kind: 'v4l2', url: '/dev/video0' }), output);
    expect(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)).toEqual([
      '-f',
      'v4l2',
      '-i',
      '/dev/video0',
    ]);
    for (const flag of ['-input_format', '-video_size', '-framerate', '-rtsp_transport']) {
      expect(args).not.toContain(flag);
    }
  });

  it('reads v4l2 with format, size and rate before -i', () => {
    const v4l2 = { inputFormat: 'mjpeg', videoSize: '1280x720', framerate: 30 };
    const args = buildFfmpegArgs(sourceConfig({ kind: 'v4l2', url: '/dev/video2', v4l2 }), output);
    const input = args.slice(args.indexOf('-f'), args.indexOf('-i') + 2);
    expect(input).toEqual([
      ...['-f', 'v4l2', '-input_format', 'mjpeg', '-video_size', '1280x720'],
      ...['-framerate', '30', '-i', '/dev/video2'],
    ]);
  });

  it('reads a file as fast as possible, once, when neither pacing nor loop is set', () => {
    const args = buildFfmpegArgs(sourceConfig({ kind: 'file', url: '/clips/a.mp4' }), output);
    expect(args).not.toContain('-re');
    expect(args).not.toContain('-stream_loop');
    expect(inputOf(args)).toBe('/clips/a.mp4');
  });

  it('paces and loops a file when asked', () => {
    const source = sourceConfig({ kind: 'file', url: '/clips/a.mp4', realtime: true, loop: true });
    const args = buildFfmpegArgs(source, output);
    const beforeInput = args.slice(0, args.indexOf('-i'));
    expect(beforeInput).toContain('-re');
    expect(optionValue(beforeInput, '-stream_loop')).toBe('-1');
  });

  it('strips file:// and guards paths with a colon from being read as a protocol', () => {
    const fromUrl = buildFfmpegArgs(
      sourceConfig({ kind: 'file', url: 'file:///clips/a%20b.mp4' }),
      output,
    );
    expect(inputOf(fromUrl)).toBe('/clips/a b.mp4');
    const colon = buildFfmpegArgs(sourceConfig({ kind: 'file', url: 'rec/cam:1.mkv' }), output);
    expect(inputOf(colon)).toBe('file:rec/cam:1.mkv');
  });

  it('reads http with reconnects and an I/O timeout', () => {
    const url = 'https://cam.local/video.mjpg?user=a&password=b';
    const args = buildFfmpegArgs(sourceConfig({ kind: 'http', url }), output, { timeoutMs: 4000 });
    expect(optionValue(args, '-reconnect')).toBe('1');
    expect(optionValue(args, '-reconnect_streamed')).toBe('1');
    expect(optionValue(args, '-reconnect_delay_max')).toBe('5');
    expect(optionValue(args, '-rw_timeout')).toBe('4000000');
    expect(inputOf(args)).toBe(url);
  });

  it('applies hwaccel presets before -i and keeps decoded frames in system memory', () => {
    const argsFor = (hwaccel: 'none' | 'vaapi' | 'cuda' | 'v4l2m2m') => {
      const args = buildFfmpegArgs(sourceConfig({ hwaccel }), output);
      return args.slice(0, args.indexOf('-i'));
    };
    expect(argsFor('none')).not.toContain('-hwaccel');
    const vaapi = argsFor('vaapi');
    expect(optionValue(vaapi, '-hwaccel')).toBe('vaapi');
    expect(optionValue(vaapi, '-hwaccel_device')).toBe('/dev/dri/renderD128');
    expect(optionValue(argsFor('cuda'), '-hwaccel')).toBe('cuda');
    expect(optionValue(argsFor('v4l2m2m'), '-c:v')).toBe('h264_v4l2m2m');
    for (const hwaccel of ['vaapi', 'cuda', 'v4l2m2m'] as const) {
      expect(argsFor(hwaccel)).not.toContain('-hwaccel_output_format');
      expect(HWACCEL_PRESETS[hwaccel]().length).toBeGreaterThan(0);
    }
  });

  it('places the user input args right before -i, after the presets', () => {
    const inputArgs = ['-rtsp_transport', 'udp', '-analyzeduration', '1000000'];
    const args = buildFfmpegArgs(sourceConfig({ inputArgs, hwaccel: 'cuda' }), output);
    const at = args.indexOf('-i');
    expect(args.slice(at - inputArgs.length, at)).toEqual(inputArgs);
    expect(args.indexOf('-hwaccel')).toBeLessThan(at - inputArgs.length);
  });
});

describe('sampling grid and size changes', () => {
  // ffmpeg rebuilds the filter graph when the picture size changes, and setpts's STARTPTS
  // starts again: only files, where parity with torchvision needs it, get setpts, and the
  // output keeps frames whose times went back (raw frames carry no times).
  it.each([
    ['file', '/clips/a.mp4', true],
    ['rtsp', 'rtsp://127.0.0.1:8554/cam', false],
    ['http', 'http://127.0.0.1:8080/cam.ts', false],
    ['v4l2', '/dev/video0', false],
  ] as const)('%s: setpts %s, every frame kept', (kind, url, fromFirstFrame) => {
    const args = buildFfmpegArgs(sourceConfig({ kind, url }), output);
    expect(optionValue(args, '-vf')).toBe(buildVideoFilter(output, { fromFirstFrame }));
    expect(optionValue(args, '-vf')?.startsWith('setpts=')).toBe(fromFirstFrame);
    expect(optionValue(args, '-fps_mode')).toBe('passthrough');
    expect(args.indexOf('-fps_mode')).toBeGreaterThan(args.indexOf('-i'));
  });
});

describe('buildVideoFilter', () => {
  it('samples like torchvision, converts to RGB, truncates the long side and center-crops', () => {
    expect(buildVideoFilter(output)).toBe(
      'setpts=PTS-STARTPTS-0.0005/TB,fps=fps=15/2:round=up,format=rgb24,' +
        "scale=w='if(gte(iw,ih),trunc(iw*256/ih),256)':h='if(gte(iw,ih),256,trunc(ih*256/iw))'" +
        ':flags=bilinear,crop=w=224:h=224:exact=1',
    );
  });

  it('rejects sizes and flags that cannot work, quoting them', () => {
    expect(() => buildVideoFilter({ ...output, cropSize: 0 })).toThrow(/got 0/);
    expect(() => buildVideoFilter({ ...output, resizeShortSide: 200 })).toThrow(/got 200/);
    expect(() => buildVideoFilter({ ...output, scaleFlags: 'bilinear,drawtext=x' })).toThrow(
      /'bilinear,drawtext=x'/,
    );
    expect(buildVideoFilter({ ...output, scaleFlags: 'bicubic+accurate_rnd' })).toContain(
      'flags=bicubic+accurate_rnd,',
    );
  });
});

describe('fpsRational', () => {
  it('writes frame rates as exact rationals', () => {
    expect(fpsRational(7.5)).toBe('15/2');
    expect(fpsRational(30)).toBe('30/1');
    expect(fpsRational(29.97)).toBe('2997/100');
    expect(fpsRational(30000 / 1001)).toBe('30000/1001');
  });

  it('rejects rates that are not positive numbers', () => {
    expect(() => fpsRational(0)).toThrow(/got 0/);
    expect(() => fpsRational(Number.NaN)).toThrow(/got NaN/);
    expect(() => fpsRational(Math.PI)).toThrow(/3\.14/);
  });
});

describe('frameBytesFor', () => {
  it('counts rgb24 bytes of a square crop', () => {
    expect(frameBytesFor(224)).toBe(224 * 224 * 3);
    expect(frameBytesFor(64)).toBe(12_288);
  });
});

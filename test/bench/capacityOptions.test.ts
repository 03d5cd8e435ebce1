import { describe, expect, it } from 'vitest';
import { capacityOptions, parseSize } from '../../bench/capacityOptions.js';

describe('capacity bench options', () => {
  it('defaults to the full model, 1, 2, 4 and 8 cameras, the daemon stride and hold', () => {
    expect(capacityOptions([])).toMatchObject({
      modelPath: 'models/mvit_v1_b.onnx',
      cameraCounts: [1, 2, 4, 8],
      movingShare: 0.5,
      stride: 8,
      holdMs: 5000,
      width: 1280,
      height: 720,
    });
  });

  it('--quick picks the tiny model and short cases; options given with it still win', () => {
    expect(capacityOptions(['--quick'])).toMatchObject({
      modelPath: 'test/fixtures/tiny_mvit.onnx',
      cameraCounts: [1, 2],
      holdMs: 1000,
    });
    expect(
      capacityOptions(['--quick', '--cameras', '3', '--size', '320x180', '--measure-s', '1.5']),
    ).toMatchObject({ cameraCounts: [3], width: 320, height: 180, measureS: 1.5 });
  });

  it('refuses bad values, naming the option', () => {
    expect(() => capacityOptions(['--cameras', '1,0'])).toThrow(
      "--cameras must be a positive integer, got '0'",
    );
    expect(() => capacityOptions(['--moving-share', '1.5'])).toThrow(
      '--moving-share must be at most 1, got 1.5',
    );
    expect(() => capacityOptions(['--size', '641x360'])).toThrow(/--size must be WIDTHxHEIGHT/);
    expect(() => capacityOptions(['--warmup-s', '4'])).toThrow(
      /--warmup-s \(4 s\) must be longer than --hold-ms \(5000 ms\)/,
    );
  });

  it('reads sizes', () => {
    expect(parseSize('1920x1080')).toEqual({ width: 1920, height: 1080 });
    expect(() => parseSize('1920')).toThrow(/got '1920'/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClassifyArgs } from '../../src/classify/classifyArgs.js';

describe('parseClassifyArgs', () => {
  it('reads the video and options, leaving unset ones to the configuration', () => {
    expect(
      parseClassifyArgs(['clip.mp4', '--out', 'o', '-s', '4', '--json', '--no-video']),
    ).toEqual({
      kind: 'run',
      args: {
        video: 'clip.mp4',
        outDir: 'o',
        model: undefined,
        labels: undefined,
        stride: 4,
        topK: undefined,
        config: undefined,
        json: true,
        annotate: false,
      },
    });
  });

  it('rejects bad values, quoting them', () => {
    expect(parseClassifyArgs(['a.mp4', '--stride', '0'])).toEqual({
      kind: 'usage-error',
      message: "--stride must be an integer from 1 to 1024, got '0'",
    });
    expect(parseClassifyArgs(['a.mp4', '--top-k', '2.5'])).toMatchObject({
      message: "--top-k must be an integer from 1 to 20, got '2.5'",
    });
    expect(parseClassifyArgs([])).toMatchObject({
      message: 'classify takes one video file, got none',
    });
    expect(parseClassifyArgs(['a.mp4', 'b.mp4'])).toMatchObject({
      message: "classify takes one video file, got 'a.mp4', 'b.mp4'",
    });
    expect(parseClassifyArgs(['a.mp4', '--frobnicate'])).toMatchObject({ kind: 'usage-error' });
  });
});

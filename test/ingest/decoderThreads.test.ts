import { describe, expect, it } from 'vitest';
import { buildFfmpegArgs } from '../../src/ingest/index.js';
import { sourceConfig } from './helpers.js';

const output = { cropSize: 224, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' };

/** Index of `flag` followed by `value` in argv, or -1. */
function pairAt(args: string[], flag: string, value: string): number {
  return args.findIndex((a, i) => a === flag && args[i + 1] === value);
}

// One decoder thread: cheaper and without frame-threading delay (npm run bench -- decode).
describe('decoder threads', () => {
  it.each([
    ['rtsp', 'none'],
    ['file', 'none'],
    ['v4l2', 'none'],
    ['rtsp', 'vaapi'],
    ['rtsp', 'cuda'],
  ] as const)('decodes %s with hwaccel %s on one thread, set before -i', (kind, hwaccel) => {
    const url = kind === 'v4l2' ? '/dev/video0' : kind === 'file' ? '/clips/a.mp4' : 'rtsp://h/s';
    const args = buildFfmpegArgs(sourceConfig({ kind, url, hwaccel }), output);
    const at = pairAt(args, '-threads', '1');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(args.indexOf('-i'));
    expect(args.filter((a) => a === '-threads')).toHaveLength(1);
  });

  it("lets a camera's input_args ask for more, since theirs come later for the same input", () => {
    const inputArgs = ['-threads', '0'];
    const args = buildFfmpegArgs(sourceConfig({ inputArgs }), output);
    expect(pairAt(args, '-threads', '1')).toBeLessThan(pairAt(args, '-threads', '0'));
    expect(pairAt(args, '-threads', '0')).toBe(args.indexOf('-i') - 2);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeOnlyArgs } from '../../bench/decodeBeside.js';

describe('decodeOnlyArgs', () => {
  it('sends the frames to /dev/null instead of the pipe and keeps everything else', () => {
    const args = ['-threads', '1', '-i', 'a.mp4', '-vf', 'fps=7.5', '-f', 'rawvideo', 'pipe:1'];
    expect(decodeOnlyArgs(args)).toEqual([
      '-threads',
      '1',
      '-i',
      'a.mp4',
      '-vf',
      'fps=7.5',
      '-f',
      'rawvideo',
      '-y',
      '/dev/null',
    ]);
  });

  it('keeps a second output after the frames (snapshots on pipe:3)', () => {
    expect(decodeOnlyArgs(['-i', 'x', 'pipe:1', '-f', 'mjpeg', 'pipe:3'])).toEqual([
      '-i',
      'x',
      '-y',
      '/dev/null',
      '-f',
      'mjpeg',
      'pipe:3',
    ]);
  });

  it('refuses a command line without the frame pipe', () => {
    expect(() => decodeOnlyArgs(['-i', 'x', 'out.raw'])).toThrow(/no 'pipe:1' output/);
  });
});

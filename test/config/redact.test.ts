import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/config/index.js';

describe('redactUrl', () => {
  it.each([
    ['rtsp://user:pass@host/stream', 'rtsp://user:***@host/stream'],
    ['rtsps://user:p%40ss@host:322/s?x=1', 'rtsps://user:***@host:322/s?x=1'],
    ['http://u:p@ss@cam/mjpeg', 'http://u:***@cam/mjpeg'],
    ['mqtt://aw:secret@broker:1883', 'mqtt://aw:***@broker:1883'],
    ['rtsp://admin@host/stream', 'rtsp://admin@host/stream'],
    ['rtsp://host/stream', 'rtsp://host/stream'],
    [
      'https://cam/snap.jpg?user=a&password=b&token=c',
      'https://cam/snap.jpg?user=a&password=***&token=***',
    ],
    ['/dev/video0', '/dev/video0'],
    ['samples/sample.mp4', 'samples/sample.mp4'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    ['a password holding a raw slash', 'rtsp://u:pa/ss@host/x', 'pa/ss'],
    ['a password holding a space', 'rtsp://u:pa ss@host/x', 'pa ss'],
    ['a URL missing its host', 'rtsp://u:hunter2@/x', 'hunter2'],
    ['a digit password holding a slash, which parses', 'rtsp://viewer:12345/678@host/s', '678'],
  ])('hides the password of a malformed URL: %s', (_case, url, secret) => {
    const redacted = redactUrl(url);
    expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/^rtsp:\/\/(u|viewer):\*\*\*@/);
  });

  it.each([
    ['empty', ''],
    ['only a scheme', 'rtsp://'],
    ['only separators', '://@:@/'],
    ['unicode', 'rtsp://ユーザー:パス@カメラ/ストリーム'],
    ['control characters', 'rtsp://u:p\u0000\n@h'],
    ['a huge string', `rtsp://u:p@${'h'.repeat(100_000)}`],
    ['undefined at runtime', undefined as unknown as string],
    ['null at runtime', null as unknown as string],
    ['a number at runtime', 42 as unknown as string],
    ['an object at runtime', { toString: () => 'rtsp://u:p@h' } as unknown as string],
    ['a symbol at runtime', Symbol('x') as unknown as string],
  ])('never throws on garbage: %s', (_case, garbage) => {
    expect(() => redactUrl(garbage)).not.toThrow();
    expect(typeof redactUrl(garbage)).toBe('string');
  });

  it('still redacts garbage that holds credentials', () => {
    expect(redactUrl('rtsp://u:p\u0000\n@h')).toBe('rtsp://u:***@h');
    expect(redactUrl({ toString: () => 'rtsp://u:pw@h' } as unknown as string)).toBe(
      'rtsp://u:***@h',
    );
  });
});

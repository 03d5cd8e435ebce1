import { describe, expect, it } from 'vitest';
import { inferSourceKind, kindMismatch, SOURCE_KINDS } from '../../src/ingest/sources/index.js';

describe('source kinds', () => {
  it.each([
    ['rtsp://cam/live', 'rtsp'],
    ['rtsps://cam/live', 'rtsp'],
    ['http://cam/mjpeg', 'http'],
    ['https://cam/mjpeg', 'http'],
    ['/dev/video0', 'v4l2'],
    ['file:///srv/clip.mp4', 'file'],
    ['clips/clip.mp4', 'file'],
  ])('reads %s as %s', (url, kind) => {
    expect(inferSourceKind(url)).toEqual({ ok: true, kind });
  });

  it.each([
    ['rtmp://cam/live', 'has an unsupported scheme "rtmp:"'],
    ['rtsp://', 'has no host'],
    ['rtsp//cam', 'is not a valid URL'],
  ])('refuses %s', (url, reason) => {
    const verdict = inferSourceKind(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toContain(reason);
  });

  it('takes a stable /dev/v4l/by-id name as v4l2 when declared so', () => {
    const url = '/dev/v4l/by-id/usb-cam-video-index0';
    const implied = inferSourceKind(url);
    expect(implied).toEqual({ ok: true, kind: 'file' });
    expect(kindMismatch('v4l2', url, 'file')).toBeUndefined();
    expect(kindMismatch('http', 'rtsp://cam/x', 'rtsp')).toBe(
      'does not fit kind "http" (the url reads as rtsp)',
    );
  });

  it('puts credentials into the urls of network kinds only', () => {
    const withCredentials = (kind: keyof typeof SOURCE_KINDS) =>
      SOURCE_KINDS[kind].withCredentials?.('rtsp://cam/x', 'viewer', 'p@ss:word');
    expect(withCredentials('rtsp')).toBe('rtsp://viewer:p%40ss%3Aword@cam/x');
    expect(withCredentials('http')).toBeDefined();
    expect(withCredentials('v4l2')).toBeUndefined();
    expect(withCredentials('file')).toBeUndefined();
  });
});

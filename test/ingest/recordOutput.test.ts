import { describe, expect, it } from 'vitest';
import { buildRecordOutputArgs, recordCodecFor } from '../../src/ingest/index.js';
import { sourceConfig } from './helpers.js';

describe('recording output argv', () => {
  it('copies the stream into MPEG-TS segments with a CSV list, no audio', () => {
    const args = buildRecordOutputArgs({ dir: '/c/run', segmentS: 2, codec: 'copy' });
    expect(args).toEqual([
      ...['-map', '0:v:0', '-an', '-sn', '-dn', '-c:v', 'copy'],
      ...['-f', 'segment', '-segment_time', '2', '-segment_time_delta', '1'],
      '-segment_format',
      'mpegts',
      ...['-reset_timestamps', '1', '-segment_list', '/c/run/segments.csv'],
      ...['-segment_list_type', 'csv', '/c/run/%06d.ts'],
    ]);
  });

  it('encodes with libx264 ultrafast and a keyframe every segment', () => {
    const args = buildRecordOutputArgs({ dir: '/c/run', segmentS: 1, codec: 'encode' });
    expect(args.join(' ')).toContain('-c:v libx264 -preset ultrafast');
    expect(args.join(' ')).toContain('-force_key_frames expr:gte(t,n_forced*1)');
    expect(args).not.toContain('copy');
  });

  it('refuses a segment length that is no whole second', () => {
    expect(() => buildRecordOutputArgs({ dir: '/c', segmentS: 0.5, codec: 'copy' })).toThrow(
      'segmentS must be an integer >= 1',
    );
  });

  it('copies what a browser plays from an MP4, encodes raw and MJPEG frames', () => {
    const rtsp = sourceConfig({ kind: 'rtsp', url: 'rtsp://cam/s' });
    const mjpegHttp = sourceConfig({ kind: 'http', url: 'http://cam/mjpeg' });
    const usb = (inputFormat: string) =>
      sourceConfig({
        kind: 'v4l2',
        url: '/dev/video0',
        v4l2: { inputFormat, videoSize: '', framerate: 0 },
      });
    expect(recordCodecFor(rtsp, 'auto')).toBe('copy');
    expect(recordCodecFor(sourceConfig({ kind: 'file', url: '/v.mp4' }), 'auto')).toBe('copy');
    expect(recordCodecFor(usb('h264'), 'auto')).toBe('copy');
    expect(recordCodecFor(usb('mjpeg'), 'auto')).toBe('encode');
    expect(recordCodecFor(usb(''), 'auto')).toBe('encode');
    expect(recordCodecFor(mjpegHttp, 'auto')).toBe('encode');
    expect(recordCodecFor(rtsp, 'encode')).toBe('encode');
  });
});

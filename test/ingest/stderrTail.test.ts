import { describe, expect, it } from 'vitest';
import { redactCredentials, StderrTail, secretsInUrl } from '../../src/ingest/index.js';

describe('redactCredentials', () => {
  it('removes user and password from any URL in a line', () => {
    const line =
      '[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized rtsp://admin:s3cr%40t@10.0.0.5:554/live: Server returned 401';
    const redacted = redactCredentials(line);
    expect(redacted).not.toContain('admin');
    expect(redacted).not.toContain('s3cr');
    expect(redacted).toContain('rtsp://***@10.0.0.5:554/live');
    expect(redactCredentials('http://u:p@a@cam/x and rtsps://bob@cam2/y')).toBe(
      'http://***@cam/x and rtsps://***@cam2/y',
    );
  });

  it('removes password-style parameters', () => {
    expect(redactCredentials('GET /snap.cgi?user=admin&password=hunter2&x=1')).toBe(
      'GET /snap.cgi?user=admin&password=***&x=1',
    );
    expect(redactCredentials('token=abc.def pwd: xyz')).toBe('token=*** pwd: ***');
  });

  it('leaves lines without credentials alone', () => {
    const line = '/tmp/x.bin: Invalid data found when processing input';
    expect(redactCredentials(line)).toBe(line);
  });
});

describe('secretsInUrl', () => {
  it('finds the password, also with @ and space, as written and decoded', () => {
    expect(secretsInUrl('rtsp://admin:p@ss w0rd@10.0.0.5:554/live')).toEqual(['p@ss w0rd']);
    expect(secretsInUrl('rtsp://admin:s3cr%40t!@cam/x')).toEqual(['s3cr%40t!', 's3cr@t!']);
  });

  it('finds secret query values and skips short or missing ones', () => {
    expect(secretsInUrl('https://cam/v.mjpg?user=bob&password=hunter2&token=abcdef')).toEqual([
      'hunter2',
      'abcdef',
    ]);
    expect(secretsInUrl('rtsp://bob@cam/x?pwd=12')).toEqual([]);
    expect(secretsInUrl('/dev/video0')).toEqual([]);
  });
});

describe('StderrTail', () => {
  it('strikes known secrets that no pattern would spot', () => {
    const tail = new StderrTail(5, secretsInUrl('rtsp://admin:p ss w0rd@cam/x'));
    tail.push("[tcp] rtsp://admin:p ss w0rd@cam/x: Connection refused\n'p ss w0rd' again\n");
    expect(tail.lines()).toEqual(['[tcp] rtsp://***@cam/x: Connection refused', "'***' again"]);
    expect(tail.redact('-i rtsp://admin:p ss w0rd@cam/x')).toBe('-i rtsp://***@cam/x');
  });

  it('keeps the last lines, joining lines split across chunks', () => {
    const tail = new StderrTail(3);
    tail.push('line 1\nline');
    tail.push(' 2\r\nline 3\n\nline 4\rline 5');
    expect(tail.lines()).toEqual(['line 3', 'line 4', 'line 5']);
    tail.push('\n');
    expect(tail.lines()).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('redacts what it keeps, also in a line split across chunks', () => {
    const tail = new StderrTail(5);
    tail.push(Buffer.from('Input #0, rtsp, from rtsp://us'));
    tail.push(Buffer.from('er:pa55@127.0.0.1:8554/a:\nend'));
    const text = tail.lines().join('\n');
    expect(text).toContain('rtsp://***@127.0.0.1:8554/a:');
    expect(text).not.toContain('pa55');
  });

  it('shortens very long lines after redacting them', () => {
    const tail = new StderrTail(2);
    tail.push(`${'x'.repeat(480)} rtsp://user:longpassword@host/stream ${'y'.repeat(1000)}\n`);
    const [line] = tail.lines();
    expect(line).toBeDefined();
    expect(line?.length).toBeLessThanOrEqual(501);
    expect(line).not.toContain('longpass');
  });

  it('forgets everything on clear and rejects a bad size', () => {
    const tail = new StderrTail(2);
    tail.push('a\nb');
    tail.clear();
    expect(tail.lines()).toEqual([]);
    expect(() => new StderrTail(0)).toThrow(/got 0/);
  });
});

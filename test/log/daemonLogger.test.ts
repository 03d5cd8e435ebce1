import { describe, expect, it } from 'vitest';
import {
  createDaemonLogger,
  prettyLine,
  priorityPrefix,
  secretScrubber,
} from '../../src/log/index.js';

function capture(options: {
  format: 'json' | 'pretty';
  secrets?: string[];
  env?: NodeJS.ProcessEnv;
}) {
  const written: string[] = [];
  const logger = createDaemonLogger({
    level: 'debug',
    secrets: options.secrets ?? [],
    format: options.format,
    env: options.env ?? {},
    write: (text) => written.push(text),
  });
  return { logger, written };
}

describe('createDaemonLogger', () => {
  it('writes one JSON object per line, with module and camera from child loggers', () => {
    const { logger, written } = capture({ format: 'json' });
    logger.child({ module: 'ingest', camera: 'door' }).warn({ retryInMs: 2000 }, 'ffmpeg failed');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({
      level: 40,
      service: 'actionwatch',
      module: 'ingest',
      camera: 'door',
      retryInMs: 2000,
      msg: 'ffmpeg failed',
    });
  });

  it('scrubs every configured secret, also where JSON escaping changed it', () => {
    const secrets = ['hunter2-"quoted"', 'mqtt-pass-77'];
    const { logger, written } = capture({ format: 'json', secrets });
    logger.error(
      { err: new Error('auth failed for mqtt-pass-77') },
      'rtsp://u:hunter2-"quoted"@cam',
    );
    const text = written.join('');
    expect(text).not.toContain('mqtt-pass-77');
    expect(text).not.toContain('hunter2-\\"quoted\\"');
    expect(text).toContain('rtsp://u:***@cam');
    expect(JSON.parse(text).err.message).toBe('auth failed for ***');
  });

  it('prints readable lines on a terminal, with the error stack below', () => {
    const { logger, written } = capture({ format: 'pretty' });
    logger.child({ module: 'mqtt' }).info({ clientId: 'aw-1' }, 'MQTT connected');
    logger.error({ err: new Error('boom') }, 'failed');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colors are part of a terminal line
    const plain = written.map((line) => line.replace(/\x1b\[\d+m/g, ''));
    expect(plain[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}mqtt MQTT connected {2}clientId=aw-1\n$/,
    );
    expect(plain[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR failed\n {4}Error: boom\n {8}at /);
  });
});

describe('journald', () => {
  it('prefixes each JSON line with its syslog priority', () => {
    expect(priorityPrefix('{"level":60}')).toBe('<2>');
    expect(priorityPrefix('{"level":50}')).toBe('<3>');
    expect(priorityPrefix('{"level":40}')).toBe('<4>');
    expect(priorityPrefix('{"level":30}')).toBe('<6>');
    expect(priorityPrefix('{"level":20}')).toBe('<7>');
  });

  it('is used only when stdout is the stream JOURNAL_STREAM names', () => {
    const { logger, written } = capture({ format: 'json', env: { JOURNAL_STREAM: '1:2' } });
    logger.warn('x');
    expect(written[0]?.startsWith('{')).toBe(true);
  });
});

describe('secretScrubber and prettyLine', () => {
  it('ignores secrets too short to strike safely', () => {
    expect(secretScrubber(['abc'])('abc def')).toBe('abc def');
  });

  it('passes a line that is not JSON through', () => {
    expect(prettyLine('not json', false)).toBe('not json\n');
  });
});

import { describe, expect, it } from 'vitest';
import { LinkLog } from '../../../src/outputs/mqtt/linkLog.js';
import { captureLog } from './support.js';

describe('LinkLog', () => {
  it('logs an outage once, however many retries fail', () => {
    const log = captureLog();
    let nowMs = 1_000;
    const link = new LinkLog(log.logger, { now: () => nowMs });
    link.connected();
    link.lost();
    for (let retry = 0; retry < 5; retry++) {
      link.error(new Error('connect ECONNREFUSED 127.0.0.1:1883'));
      link.lost();
    }
    nowMs = 9_500;
    link.connected();
    expect(log.linesWithMsg('MQTT connected')).toHaveLength(1);
    expect(
      log.linesWithMsg('MQTT connection lost; actions are dropped until it is back'),
    ).toHaveLength(1);
    expect(log.linesWithMsg('MQTT error')).toHaveLength(1);
    expect(log.linesWithMsg('MQTT reconnected')).toEqual([
      expect.objectContaining({ downForMs: 8_500 }),
    ]);
    expect(link.isUp).toBe(true);
  });

  it('reports an unreachable broker at start once, and a new error message again', () => {
    const log = captureLog();
    const link = new LinkLog(log.logger, { now: () => 0 });
    link.lost();
    link.error(new Error('connect ECONNREFUSED 127.0.0.1:1883'));
    link.lost();
    link.error(new Error('Connection refused: Not authorized'));
    link.error(new Error('Connection refused: Not authorized'));
    expect(log.linesWithMsg('MQTT broker unreachable; retrying')).toHaveLength(1);
    expect(log.linesWithMsg('MQTT error').map((line) => (line.err as Error).message)).toEqual([
      'connect ECONNREFUSED 127.0.0.1:1883',
      'Connection refused: Not authorized',
    ]);
    expect(link.isUp).toBe(false);
  });

  it('stays quiet while stopping', () => {
    const log = captureLog();
    const link = new LinkLog(log.logger, { now: () => 0 });
    link.connected();
    link.stopping();
    link.lost();
    link.error(new Error('client disconnecting'));
    expect(log.linesWithMsg('MQTT error')).toHaveLength(0);
    expect(
      log.linesWithMsg('MQTT connection lost; actions are dropped until it is back'),
    ).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ResultBus } from '../../src/core/index.js';
import { captureLog } from '../outputs/mqtt/support.js';

const online = { camera: 'cam1', state: 'online' as const, detail: {} };

describe('ResultBus', () => {
  it('delivers each event to its listeners, in subscription order', () => {
    const bus = new ResultBus(captureLog().logger);
    const seen: string[] = [];
    bus.on('availability', (event) => seen.push(`a ${event.camera}`));
    bus.on('availability', (event) => seen.push(`b ${event.state}`));
    bus.on('ruleState', () => seen.push('rule'));
    bus.emit('availability', online);
    expect(seen).toEqual(['a cam1', 'b online']);
  });

  it('logs a listener that throws and still runs the others', () => {
    const log = captureLog();
    const bus = new ResultBus(log.logger);
    const seen: string[] = [];
    bus.on('availability', () => {
      throw new Error('broken output');
    });
    bus.on('availability', (event) => seen.push(event.camera));
    expect(() => bus.emit('availability', online)).not.toThrow();
    expect(seen).toEqual(['cam1']);
    expect(log.linesWithMsg('result listener failed; the others still run')).toEqual([
      expect.objectContaining({ event: 'availability', module: 'bus' }),
    ]);
  });

  it('stops delivering to a listener once unsubscribed', () => {
    const bus = new ResultBus(captureLog().logger);
    let count = 0;
    const off = bus.on('availability', () => count++);
    bus.emit('availability', online);
    off();
    bus.emit('availability', online);
    expect(count).toBe(1);
  });
});

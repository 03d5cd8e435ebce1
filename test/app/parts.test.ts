import { describe, expect, it } from 'vitest';
import { type Part, PartList } from '../../src/app/parts.js';
import { captureLog } from '../outputs/mqtt/support.js';

function recording(names: string[], seen: string[], failStop = new Set<string>()): Part[] {
  return names.map((name) => ({
    name,
    start: () => {
      seen.push(`start ${name}`);
    },
    stop: async () => {
      seen.push(`stop ${name}`);
      if (failStop.has(name)) throw new Error(`${name} cannot stop`);
    },
  }));
}

describe('PartList', () => {
  it('starts in order and stops in reverse, across start steps', async () => {
    const seen: string[] = [];
    const parts = new PartList(captureLog().logger);
    await parts.start(recording(['model'], seen));
    await parts.start(recording(['mqtt', 'cameras'], seen));
    await parts.stop();
    expect(seen).toEqual([
      'start model',
      'start mqtt',
      'start cameras',
      'stop cameras',
      'stop mqtt',
      'stop model',
    ]);
  });

  it('logs a part that fails to stop and stops the others', async () => {
    const seen: string[] = [];
    const log = captureLog();
    const parts = new PartList(log.logger);
    await parts.start(recording(['a', 'b', 'c'], seen, new Set(['b'])));
    await parts.stop();
    expect(seen.filter((s) => s.startsWith('stop'))).toEqual(['stop c', 'stop b', 'stop a']);
    expect(log.linesWithMsg('stopping failed; carrying on')).toEqual([
      expect.objectContaining({ part: 'b' }),
    ]);
  });

  it('stops only the parts that started when a start fails', async () => {
    const seen: string[] = [];
    const parts = new PartList(captureLog().logger);
    const failing: Part = {
      name: 'mqtt',
      start: () => {
        throw new Error('bad TLS file');
      },
      stop: () => seen.push('stop mqtt'),
    };
    const [model, cameras] = recording(['model', 'cameras'], seen);
    await expect(parts.start([model as Part, failing, cameras as Part])).rejects.toThrow(
      'bad TLS file',
    );
    await parts.stop();
    expect(seen).toEqual(['start model', 'stop model']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../src/outputs/http/index.js';

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
  ])('%s of 1000 bytes', (header, range) => {
    expect(parseByteRange(header, 1000)).toEqual(range);
  });

  it.each([[undefined], ['items=0-1'], ['bytes=0-1,5-6'], ['bytes=-'], ['bytes=9-3']])(
    'sends the whole file for %s',
    (header) => {
      expect(parseByteRange(header, 1000)).toBeNull();
    },
  );

  it('refuses a start beyond the end and an empty suffix', () => {
    expect(parseByteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});

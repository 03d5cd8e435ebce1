import { describe, expect, it } from 'vitest';
import { ProgressBar, renderLine } from '../../src/classify/progress.js';

describe('renderLine', () => {
  it('draws a bar, the percentage and the detail, cut to the terminal width', () => {
    expect(renderLine('classify', 0.5, '4 windows', 80)).toBe(
      `classify  ${'█'.repeat(12)}${'░'.repeat(12)}  50%  4 windows`,
    );
    expect(renderLine('classify', null, '4 windows', 80)).toBe('classify  4 windows');
    expect(renderLine('annotate', 1.7, 'x', 20)).toHaveLength(19);
  });
});

describe('ProgressBar', () => {
  it('redraws in place at most every 100 ms unless forced, and clears its line', () => {
    let clock = 0;
    const written: string[] = [];
    const bar = new ProgressBar(
      { write: (t: string) => written.push(t), columns: 80 },
      () => clock,
    );
    bar.update('classify', 0.1, 'a');
    clock = 50;
    bar.update('classify', 0.2, 'b');
    clock = 150;
    bar.update('classify', 0.3, 'c');
    bar.update('annotate', 0, 'd', true);
    bar.clear();
    expect(written.map((t) => t.slice(0, 1))).toEqual(['\r', '\r', '\r', '\r']);
    expect(written.map((t) => t.at(-4))).toEqual(['a', 'c', 'd', '\r']);
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});

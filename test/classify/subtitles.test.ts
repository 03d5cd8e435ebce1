import { describe, expect, it } from 'vitest';
import type { ClassifiedWindow } from '../../src/classify/index.js';
import { assTime, buildSubtitles } from '../../src/classify/subtitles.js';

function window(index: number, startMs: number, endMs: number, label: string): ClassifiedWindow {
  return {
    index,
    firstFrame: 0,
    lastFrame: 15,
    startMs,
    endMs,
    tail: false,
    inferenceMs: 812.4,
    label,
    score: 0.8734,
    topK: [{ label, score: 0.8734 }],
    logits: null,
    embedding: null,
  };
}

const options = { width: 340, height: 256, durationMs: 10_000, windowsPerSecond: 1.23 };

describe('buildSubtitles', () => {
  it('shows each window from the previous window’s end to its own, the last to the end', () => {
    const script = buildSubtitles(
      [window(0, 0, 2133.3, 'arm wrestling'), window(1, 1066.7, 3200, 'arm wrestling')],
      { ...options, randomWeights: false },
    );
    const events = script.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events).toEqual([
      'Dialogue: 0,0:00:00.00,0:00:02.13,Window,,0,0,0,,arm wrestling  87.3%\\N812 ms/window · 1.2 windows/s',
      'Dialogue: 0,0:00:02.13,0:00:10.00,Window,,0,0,0,,arm wrestling  87.3%\\N812 ms/window · 1.2 windows/s',
    ]);
    expect(script).toContain('PlayResX: 340\nPlayResY: 256');
  });

  it('says “random weights — not a recognition” for random-weight models', () => {
    const script = buildSubtitles([window(0, 0, 2133.3, 'abseiling')], {
      ...options,
      randomWeights: true,
    });
    expect(script).toContain('\\N{\\c&H00FFFF&}random weights — not a recognition');
  });

  it('keeps labels from opening ASS override blocks', () => {
    const script = buildSubtitles([window(0, 0, 100, 'a {\\b1} label')], {
      ...options,
      randomWeights: false,
    });
    expect(script).toContain(',,a (/b1) label  87.3%');
  });
});

describe('assTime', () => {
  it('writes h:mm:ss.cc', () => {
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(2133.3)).toBe('0:00:02.13');
    expect(assTime(3_723_456)).toBe('1:02:03.46');
  });
});

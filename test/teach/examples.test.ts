import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderExamples } from '../../src/teach/folderExamples.js';
import { windowLabel } from '../../src/teach/index.js';
import { listExamples } from '../../src/teach/listExamples.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-teach-examples-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('folderExamples', () => {
  it('takes a label per folder and its videos in name order', () => {
    const dir = path.join(scratch, 'ok');
    for (const file of ['fall/b.mp4', 'fall/a.mkv', 'fall/notes.txt', 'background/c.avi']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '');
    }
    expect(folderExamples(dir).map((e) => [e.wholeLabel, path.basename(e.path)])).toEqual([
      ['background', 'c.avi'],
      ['fall', 'a.mkv'],
      ['fall', 'b.mp4'],
    ]);
  });

  it('refuses a label with no videos, naming it and its folder', () => {
    const dir = path.join(scratch, 'empty-label');
    mkdirSync(path.join(dir, 'fight'), { recursive: true });
    writeFileSync(path.join(dir, 'fight', 'readme.txt'), '');
    expect(() => folderExamples(dir)).toThrow(
      `label 'fight' has no videos (${path.join(dir, 'fight')} holds no video files)`,
    );
  });
});

describe('listExamples', () => {
  it('reads spans in seconds or m:s, relative to the list, several per video', () => {
    const list = path.join(scratch, 'spans.txt');
    writeFileSync(
      list,
      '# video start end label\ncam.mp4 1.5 4 guard opened\ncam.mp4 1:02 1:05.5 fall\n',
    );
    const [video] = listExamples(list);
    expect(video?.path).toBe(path.join(scratch, 'cam.mp4'));
    expect(video?.spans).toEqual([
      { startMs: 1500, endMs: 4000, label: 'guard opened' },
      { startMs: 62_000, endMs: 65_500, label: 'fall' },
    ]);
  });

  it('names the line of a bad time', () => {
    const list = path.join(scratch, 'bad.txt');
    writeFileSync(list, 'cam.mp4 1 2 fall\ncam.mp4 x 2 fall\n');
    expect(() => listExamples(list)).toThrow(
      `${list}:2: 'x' is not a time (seconds, m:s or h:m:s)`,
    );
  });
});

describe('windowLabel', () => {
  const video = {
    path: 'v.mp4',
    wholeLabel: null,
    spans: [{ startMs: 4000, endMs: 8000, label: 'fall' }],
  };

  it('labels a window by the span holding its middle, background when it touches none', () => {
    expect(windowLabel(video, 3000, 5200, 'background')).toBe('fall');
    expect(windowLabel(video, 0, 2133, 'background')).toBe('background');
  });

  it('leaves out a window that only grazes a span', () => {
    expect(windowLabel(video, 1000, 4500, 'background')).toBeNull();
  });
});

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipsDir, labelsFile, runCli, tinyModel } from '../helpers/daemonProcess.js';
import { generateExamples, generateVideo, SCENES } from '../helpers/generatedScenes.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-teach-'));
const examples = path.join(scratch, 'examples');
const heldOut = path.join(scratch, 'held-out');

/** Unseen variants inside the examples' range: a hue between theirs, another seed. */
const HELD_OUT = { pattern: SCENES.pattern(2.5), cells: SCENES.cells(9) };

const generate = generateVideo;

function teach(args: string[]) {
  return runCli(['teach', '-m', tinyModel, '-l', labelsFile, '--stride', '4', ...args]);
}

beforeAll(() => {
  generateExamples(examples);
  for (const [label, graph] of Object.entries(HELD_OUT)) {
    generate(path.join(heldOut, `${label}.mp4`), graph as string);
  }
  // Windows of the labelled Kinetics clips: the labelled span is the action, the rest background.
  writeFileSync(
    path.join(scratch, 'clips.txt'),
    [
      `${path.join(clipsDir, 'arm_wrestling.mp4')} 0 6 arm wrestling`,
      `${path.join(clipsDir, 'flipping_pancake.mkv')} 0 5 flipping pancake`,
    ].join('\n'),
  );
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('actionwatch teach on the tiny model', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the parsed --json report, checked field by field
  let report: Record<string, any>;
  const headPath = path.join(scratch, 'dock.json');

  it('trains a head and reports cross-validation grouped by video', async () => {
    const result = await teach([
      examples,
      '--list',
      path.join(scratch, 'clips.txt'),
      '-o',
      headPath,
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    report = JSON.parse(result.stdout);
    expect(report.labels).toEqual([
      'background',
      'arm wrestling',
      'cells',
      'flipping pancake',
      'pattern',
    ]);
    expect(report.random_weights).toBe(true);
    expect(report.note).toMatch(/mechanics, not recognition/);
    const cv = report.cross_validation;
    expect(cv.grouped_by).toBe('video');
    expect(cv.folds).toBe(5);
    expect(cv.per_class.map((c: { label: string }) => c.label)).toEqual(report.labels);
    expect(cv.confusion.rows_true_columns_predicted).toHaveLength(5);
    const counted = cv.confusion.rows_true_columns_predicted
      .flat()
      .reduce((a: number, b: number) => a + b);
    expect(counted).toBe(report.windows);
    // Five classes: chance is 0.2. Random weights: this checks the mechanics, not recognition.
    expect(cv.accuracy).toBeGreaterThan(0.4);
    expect(Object.keys(cv.thresholds)).toEqual(report.labels.slice(1));
    const head = JSON.parse(readFileSync(headPath, 'utf8'));
    expect(head).toMatchObject({
      format: 'actionwatch-head/1',
      name: 'dock',
      labels: report.labels,
    });
    expect(head.backbone).toMatchObject({ name: 'mvit_tiny', seed: 0, embedding_size: 32 });
  });

  it('writes a byte-identical head from the same examples', async () => {
    const again = path.join(scratch, 'again', 'dock.json');
    const result = await teach([
      examples,
      '--list',
      path.join(scratch, 'clips.txt'),
      '-o',
      again,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(headPath));
  });

  it('labels held-out videos in classify with the head’s classes', async () => {
    for (const label of ['pattern', 'cells']) {
      const out = path.join(scratch, 'classified');
      const video = path.join(heldOut, `${label}.mp4`);
      const args = [
        'classify',
        video,
        '-m',
        tinyModel,
        '--head',
        headPath,
        '-o',
        out,
        '--json',
        '--no-video',
      ];
      const result = await runCli(args);
      expect(result.code).toBe(0);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const summary = lines.at(-1);
      expect(summary).toMatchObject({ type: 'summary', labels_from: 'dock', head: headPath });
      expect(summary.top_labels[0].label).toBe(label);
      const windows = lines.filter((line) => line.type === 'window');
      expect(windows.every((w) => w.labels_from === 'dock' && w.random_weights === true)).toBe(
        true,
      );
    }
  });

  it('refuses the head on another model, naming both', async () => {
    const otherModel = path.join(scratch, 'other', 'tiny_seed1.onnx');
    mkdirSync(path.dirname(otherModel), { recursive: true });
    copyFileSync(tinyModel, otherModel);
    const card = JSON.parse(readFileSync(tinyModel.replace(/\.onnx$/, '.card.json'), 'utf8'));
    writeFileSync(
      otherModel.replace(/\.onnx$/, '.card.json'),
      JSON.stringify({ ...card, seed: 1 }),
    );
    const video = path.join(heldOut, 'pattern.mp4');
    const result = await runCli([
      'classify',
      video,
      '-m',
      otherModel,
      '-l',
      labelsFile,
      '--head',
      headPath,
      '--no-video',
      '-o',
      scratch,
    ]);
    expect(result.code).toBe(78);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `actionwatch classify: head ${headPath} was taught on mvit_tiny (random weights, seed 0, 32-d embedding), not on the model ${otherModel}, mvit_tiny (random weights, seed 1, 32-d embedding) (they differ in seed)`,
    );
  });
});

describe('actionwatch teach refuses bad examples clearly', () => {
  const out = () => path.join(scratch, 'refused.json');

  it('one label only', async () => {
    const only = path.join(scratch, 'only');
    generate(path.join(only, 'pattern', 'a.mp4'), SCENES.pattern(1));
    const result = await teach([only, '-o', out()]);
    expect(result.code).toBe(65);
    expect(result.stderr.trim()).toBe(
      "actionwatch teach: only one label ('pattern') has examples: teach needs at least two (another action, or a 'background' folder of videos with none of them)",
    );
  });

  it('a label with no videos', async () => {
    const dir = path.join(scratch, 'no-videos');
    generate(path.join(dir, 'pattern', 'a.mp4'), SCENES.pattern(1));
    mkdirSync(path.join(dir, 'fall'));
    const result = await teach([dir, '-o', out()]);
    expect(result.code).toBe(65);
    expect(result.stderr.trim()).toBe(
      `actionwatch teach: label 'fall' has no videos (${path.join(dir, 'fall')} holds no video files)`,
    );
  });

  it('a video that cannot be decoded, named', async () => {
    const dir = path.join(scratch, 'broken');
    generate(path.join(dir, 'pattern', 'a.mp4'), SCENES.pattern(1));
    mkdirSync(path.join(dir, 'fall'));
    const broken = path.join(dir, 'fall', 'broken.mp4');
    writeFileSync(broken, 'not a video at all');
    const result = await teach([dir, '-o', out()]);
    expect(result.code).toBe(65);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^actionwatch teach: ${broken}: cannot be decoded: `));
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { createWorkspace, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(motion: string) {
  workspace.write(
    'config.yml',
    `cameras:\n  - name: door\n    source: { url: clip.mp4 }\n${motion === '' ? '' : `    motion: ${motion}\n`}`,
  );
  return loadConfig({ file: 'config.yml', env: {}, cwd: workspace.dir });
}

function problemsOf(motion: string): string[] {
  try {
    load(motion);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('cameras[].motion', () => {
  it('is on by default with the gate core defaults', () => {
    expect(load('').cameras[0]?.motion).toEqual({
      enabled: true,
      threshold: 20,
      minArea: 0.005,
      holdMs: 5000,
      masks: [],
    });
  });

  it('takes rectangles and polygons as masks, and an opt-out', () => {
    const motion = load(
      '{ enabled: false, masks: [{x: 0.1, y: 0, width: 0.2, height: 0.5}, {points: [[0, 0], [1, 0], [0.5, 0.5]]}] }',
    ).cameras[0]?.motion;
    expect(motion?.enabled).toBe(false);
    expect(motion?.masks).toEqual([
      { x: 0.1, y: 0, width: 0.2, height: 0.5 },
      {
        points: [
          [0, 0],
          [1, 0],
          [0.5, 0.5],
        ],
      },
    ]);
  });

  it('reports every problem at once as path: message', () => {
    expect(
      problemsOf(
        '{ threshold: 0, min_area: 0, hold_ms: -1, masks: [{x: 0.9, y: 0, width: 0.2, height: 0.1}, {points: [[0, 0], [2, 0]]}, {z: 1}] }',
      ),
    ).toEqual([
      'cameras[0].motion.threshold: must be an integer from 1 to 254, got 0',
      'cameras[0].motion.hold_ms: must be an integer from 0 to 3600000, got -1',
      'cameras[0].motion.masks[2]: must be a rectangle {x, y, width, height} or a polygon {points: [[x, y], ...]}, got {"z":1}',
    ]);
  });

  it('checks mask geometry and min_area once the types are right', () => {
    expect(
      problemsOf(
        '{ min_area: 0, masks: [{x: 0.9, y: 0, width: 0.2, height: 0.1}, {points: [[0, 0], [2, 0]]}] }',
      ),
    ).toEqual([
      'cameras[0].motion.min_area: must be above 0, got 0',
      'cameras[0].motion.masks[0]: the rectangle must have a size and lie inside the frame',
      'cameras[0].motion.masks[1].points: a polygon needs at least 3 points',
      'cameras[0].motion.masks[1].points[1]: must be [x, y] fractions of the frame, 0 to 1',
    ]);
  });
});

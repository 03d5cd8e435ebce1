import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { RESERVED_REGION_NAMES } from '../../src/config/schema/regions.js';
import { REGION_RESERVED_LEVELS } from '../../src/outputs/mqtt/topics.js';
import {
  labelsFile,
  removeTempConfigs,
  runCli,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { createWorkspace, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(content: string) {
  workspace.write('config.yml', content);
  return loadConfig({ file: 'config.yml', env: {}, cwd: workspace.dir });
}

function problemsOf(content: string): string[] {
  try {
    load(content);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('cameras[].regions', () => {
  it('reads named rectangles with their labels; the whole frame stays a target by default', () => {
    const config = load(`
cameras:
  - name: gym
    source: { url: clip.mp4 }
    regions:
      - { name: left, x: 0, y: 0, width: 0.5, height: 1 }
      - { name: rack, x: 0.5, y: 0.25, width: 0.5, height: 0.75, labels: [deadlifting] }
alerts:
  - { name: lift, cameras: [gym], regions: [rack] }
`);
    const [camera] = config.cameras;
    expect(camera?.wholeFrame).toBe(true);
    expect(camera?.regions).toEqual([
      { name: 'left', x: 0, y: 0, width: 0.5, height: 1, labels: [] },
      { name: 'rack', x: 0.5, y: 0.25, width: 0.5, height: 0.75, labels: ['deadlifting'] },
    ]);
    expect(config.alerts[0]?.regions).toEqual(['rack']);
  });

  it('has no regions unless given', () => {
    const config = load('cameras:\n  - name: a\n    source: { url: clip.mp4 }\n');
    expect(config.cameras[0]?.regions).toEqual([]);
  });

  it('reports every problem of every region at once', () => {
    const problems = problemsOf(`
cameras:
  - name: gym
    source: { url: clip.mp4 }
    whole_frame: false
    regions:
      - { name: left, x: 0, y: 0, width: 0.5, height: 1 }
      - { name: LEFT, x: 0.6, y: 0, width: 0.5, height: 1 }
      - { name: "a/b", x: -0.1, y: 0, width: 0, height: 1 }
      - { name: detect, x: 0, y: 0.5, width: 1, height: 0.6 }
  - name: yard
    source: { url: clip.mp4 }
    whole_frame: false
alerts:
  - { name: r, cameras: [gym], regions: [left, nowhere] }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'cameras[0].regions[1].name: "LEFT" is already used by regions[0]',
        'cameras[0].regions[1].width: x + width is 1.1: the region reaches out of the frame (at most 1)',
        expect.stringMatching(/^cameras\[0\]\.regions\[2\]\.name: "a\/b" is not topic-safe/),
        'cameras[0].regions[2].x: must be a number from 0 to 1, got -0.1',
        'cameras[0].regions[2].width: must be above 0, got 0',
        expect.stringMatching(/^cameras\[0\]\.regions\[3\]\.name: "detect" is reserved/),
        'cameras[0].regions[3].height: y + height is 1.1: the region reaches out of the frame (at most 1)',
        'cameras[1].whole_frame: is false but the camera has no regions: it would have nothing to recognize',
      ]),
    );
    expect(problems.length).toBe(8);
  });

  it('refuses a rule scoped to a region its cameras do not have', () => {
    const problems = problemsOf(`
cameras:
  - name: gym
    source: { url: clip.mp4 }
    regions: [{ name: left, x: 0, y: 0, width: 0.5, height: 1 }]
alerts:
  - { name: r, cameras: [gym], regions: [left, nowhere] }
`);
    expect(problems).toEqual([
      'alerts[0].regions: "nowhere" is not a region of the rule\'s cameras (regions: "left")',
    ]);
  });

  it('reserves the same region names as the MQTT topics do', () => {
    expect([...RESERVED_REGION_NAMES].sort()).toEqual([...REGION_RESERVED_LEVELS].sort());
  });
});

describe('actionwatch with invalid regions', () => {
  afterAll(removeTempConfigs);

  it('lists every region problem and exits 78', async () => {
    const file = writeTempConfig({
      model: { path: tinyModel, labels: labelsFile },
      cameras: [
        {
          name: 'gym',
          source: { url: 'rtsp://127.0.0.1:8554/gym' },
          regions: [
            { name: 'left', x: 0, y: 0, width: 0.5, height: 1 },
            { name: 'left', x: 0.75, y: 0, width: 0.5, height: 1 },
            { name: 'a+b', x: 0, y: 0, width: 0.5, height: 1 },
          ],
        },
      ],
    });
    const result = await runCli(['check-config', '--config', file]);
    expect(result.code, result.stderr).toBe(78);
    expect(result.stderr).toContain(
      'cameras[0].regions[1].name: "left" is already used by regions[0]',
    );
    expect(result.stderr).toContain(
      'cameras[0].regions[1].width: x + width is 1.25: the region reaches out of the frame (at most 1)',
    );
    expect(result.stderr).toMatch(/cameras\[0\]\.regions\[2\]\.name: "a\+b" is not topic-safe/);
    expect(result.stdout).toBe('');
  });
});

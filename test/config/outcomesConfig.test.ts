import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(content: string, env: NodeJS.ProcessEnv = {}) {
  workspace.write('config.yml', content);
  return loadConfig({ file: 'config.yml', env, cwd: workspace.dir });
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

const RULE = `
alerts:
  - name: night_welding
    cameras: [sample]
    labels: [welding]
    min_score: 0.7
    min_duration_ms: 5000
    cooldown_ms: 600000
    severity: critical
    schedule:
      timezone: Europe/Berlin
      windows:
        - { days: [mon, Tuesday], start: "22:00", end: "06:00" }
`;

describe('events, alerts, snapshots and Home Assistant configuration', () => {
  it('has documented defaults', () => {
    const config = load(ONE_FILE_CAMERA);
    expect(config.recognition.smoothing).toEqual({ method: 'mean', windows: 3, alpha: 0.5 });
    expect(config.events).toEqual({
      enterScore: 0.5,
      exitScore: 0.35,
      minDurationMs: 2000,
      maxGapMs: 4000,
    });
    expect(config.alerts).toEqual([]);
    expect(config.snapshots).toEqual({
      enabled: true,
      fps: 1,
      width: 640,
      dir: join(workspace.dir, 'state', 'snapshots'),
      maxFiles: 500,
    });
    expect(config.homeAssistant).toEqual({ enabled: false, discoveryPrefix: 'homeassistant' });
    expect(config.cameras[0]?.labels).toEqual([]);
  });

  it('reads a rule, camera labels and the other sections', () => {
    const config = load(`
recognition: { smoothing: { method: ema, alpha: 0.3 } }
events: { enter_score: 0.7, exit_score: 0.5, min_duration_ms: 0, max_gap_ms: 1000 }
snapshots: { enabled: false, fps: 0.5, width: 320, dir: /var/lib/snaps, max_files: 10 }
homeassistant: { enabled: true, discovery_prefix: ha }
cameras:
  - name: sample
    labels: [welding, arm_wrestling]
    source: { url: clip.mp4 }
${RULE}`);
    expect(config.alerts).toEqual([
      {
        name: 'night_welding',
        cameras: ['sample'],
        regions: [],
        labels: ['welding'],
        minScore: 0.7,
        minDurationMs: 5000,
        cooldownMs: 600000,
        severity: 'critical',
        schedule: {
          timezone: 'Europe/Berlin',
          windows: [{ days: ['mon', 'tue'], start: '22:00', end: '06:00' }],
        },
      },
    ]);
    expect(config.cameras[0]?.labels).toEqual(['welding', 'arm_wrestling']);
    expect(config.recognition.smoothing).toEqual({ method: 'ema', windows: 3, alpha: 0.3 });
    expect(config.events.exitScore).toBe(0.5);
    expect(config.snapshots).toMatchObject({ enabled: false, dir: '/var/lib/snaps', maxFiles: 10 });
    expect(config.homeAssistant.discoveryPrefix).toBe('ha');
    expect(describeConfig(config).alerts).toEqual(config.alerts);
  });

  it('takes scalar settings from the environment', () => {
    const config = load(ONE_FILE_CAMERA, {
      ACTIONWATCH_EVENTS_ENTER_SCORE: '0.8',
      ACTIONWATCH_RECOGNITION_SMOOTHING_WINDOWS: '5',
      ACTIONWATCH_HOMEASSISTANT_ENABLED: 'true',
    });
    expect(config.events.enterScore).toBe(0.8);
    expect(config.recognition.smoothing.windows).toBe(5);
    expect(config.homeAssistant.enabled).toBe(true);
  });

  it('a rule without schedule windows is always active', () => {
    const config = load(`${ONE_FILE_CAMERA}alerts:\n  - name: any\n`);
    expect(config.alerts[0]).toMatchObject({ cameras: [], labels: [], schedule: null });
  });

  it.each([
    [
      'exit above enter',
      `events: { enter_score: 0.4, exit_score: 0.5 }\n${ONE_FILE_CAMERA}`,
      ['events.exit_score: must be at most enter_score (0.4), got 0.5'],
    ],
    [
      'exit of 0',
      `events: { exit_score: 0 }\n${ONE_FILE_CAMERA}`,
      ['events.exit_score: must be above 0, got 0'],
    ],
    [
      'a score above 1',
      `events: { enter_score: 1.5 }\n${ONE_FILE_CAMERA}`,
      ['events.enter_score: must be a number from 0 to 1, got 1.5'],
    ],
    [
      'an unknown smoothing method',
      `recognition: { smoothing: { method: median } }\n${ONE_FILE_CAMERA}`,
      ['recognition.smoothing.method: must be one of "mean", "ema", got "median"'],
    ],
    [
      'a rule name that is not topic-safe',
      `${ONE_FILE_CAMERA}alerts:\n  - name: "night/welding"\n`,
      [
        'alerts[0].name: "night/welding" is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level and part of Home Assistant ids)',
      ],
    ],
    [
      'a rule naming an unknown camera',
      `${ONE_FILE_CAMERA}alerts:\n  - name: r\n    cameras: [sample, yard]\n`,
      ['alerts[0].cameras: "yard" is not a configured camera (cameras: "sample")'],
    ],
    [
      'a rule naming an unknown camera beside its other problems',
      `${ONE_FILE_CAMERA}alerts:\n  - name: r\n    cameras: [yard]\n    min_score: 2\n`,
      [
        'alerts[0].min_score: must be a number from 0 to 1, got 2',
        'alerts[0].cameras: "yard" is not a configured camera (cameras: "sample")',
      ],
    ],
    [
      'two rules with one name',
      `${ONE_FILE_CAMERA}alerts:\n  - name: Night\n  - name: night\n`,
      ['alerts[1].name: "night" is already used by alerts[0]'],
    ],
    [
      'a bad schedule, every problem at once',
      `${ONE_FILE_CAMERA}alerts:
  - name: r
    severity: urgent
    schedule:
      timezone: Mars/Olympus
      windows:
        - { days: [mon, funday], start: "25:00", end: "06:00" }
        - { start: 1320, end: "24:00", every: week }
        - nightly
`,
      [
        'alerts[0].severity: must be one of "info", "warning", "critical", got "urgent"',
        'alerts[0].schedule.timezone: "Mars/Olympus" is not a time zone this system knows (use an IANA name like Europe/Berlin)',
        'alerts[0].schedule.windows[0].days[1]: "funday" is not a day: use mon ... sun',
        'alerts[0].schedule.windows[0].start: "25:00" is not a time of day HH:MM',
        'alerts[0].schedule.windows[1].every: unknown key',
        'alerts[0].schedule.windows[1].start: 1320 is not a time of day HH:MM (quote it: "22:00")',
        'alerts[0].schedule.windows[2]: must be a mapping of days, start and end, got "nightly"',
      ],
    ],
    [
      'an alert problem listed with a camera problem',
      `cameras:\n  - name: sample\n    labels: welding\n    source: { url: clip.mp4 }\nalerts:\n  - name: r\n    min_score: 2\n`,
      [
        'cameras[0].labels: must be a list of strings, got "welding"',
        'alerts[0].min_score: must be a number from 0 to 1, got 2',
      ],
    ],
  ])('reports %s', (_name, content, expected) => {
    expect(problemsOf(content)).toEqual(expected);
  });
});

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultBus, type SnapshotEvent } from '../../../src/core/index.js';
import { JpegSplitter } from '../../../src/ingest/index.js';
import { silentLogger } from '../../../src/log/index.js';
import {
  AlertSnapshots,
  annotateSnapshot,
  bannerSvg,
  SnapshotFolder,
  SnapshotRing,
  snapshotFileName,
} from '../../../src/outputs/snapshots/index.js';
import type { Alert } from '../../../src/recognize/index.js';
import { mjpegStreamOf } from './support.js';

const frames: Buffer[] = [];
new JpegSplitter((jpeg) => frames.push(jpeg)).push(mjpegStreamOf('arm_wrestling.mp4', 2));

describe('SnapshotRing', () => {
  const jpeg = Buffer.from('x');

  it('keeps the newest frames up to its capacity', () => {
    const ring = new SnapshotRing(3);
    for (let t = 0; t < 5; t++) ring.push(jpeg, t * 1000);
    expect(ring.size).toBe(3);
    expect(ring.pick({ startMs: 0, endMs: 1000 })?.timeMs).toBe(2000);
  });

  it.each([
    ['the latest frame inside the window', { startMs: 1500, endMs: 3600 }, 3000],
    ['the frame nearest the end when none is inside', { startMs: 3100, endMs: 3400 }, 3000],
    ['the frame nearest the end after the last frame', { startMs: 9000, endMs: 9999 }, 4000],
  ])('picks %s', (_name, window, expected) => {
    const ring = new SnapshotRing(10);
    for (let t = 0; t < 5; t++) ring.push(jpeg, t * 1000);
    expect(ring.pick(window)?.timeMs).toBe(expected);
  });

  it('picks nothing while empty', () => {
    expect(new SnapshotRing(2).pick({ startMs: 0, endMs: 1 })).toBeUndefined();
  });
});

describe('annotateSnapshot', () => {
  const annotation = {
    label: 'arm wrestling',
    score: 0.8734,
    timeMs: Date.parse('2025-01-08T12:00:05Z'),
    camera: 'gym',
    rule: 'wrestling',
    randomWeights: true,
  };

  it('writes label, score, time, camera, rule and the random-weights warning, escaped', () => {
    const svg = bannerSvg(320, 180, { ...annotation, label: 'a<b>&"c"' });
    expect(svg).toContain('a&#60;b&#62;&#38;&#34;c&#34; 0.87');
    expect(svg).toContain('gym · rule wrestling');
    expect(svg).toContain('2025-01-08');
    expect(svg).toContain('random weights: not a recognition');
  });

  it('returns a JPEG of the same size whose banner differs from the frame and whose rest does not', async () => {
    const frame = frames[0] as Buffer;
    const out = await annotateSnapshot(frame, annotation);
    const meta = await sharp(out).metadata();
    // arm_wrestling.mp4 is 340x256: 320 wide keeps its aspect at 320x240.
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
    const region = async (jpeg: Buffer, top: number) =>
      sharp(jpeg).extract({ left: 0, top, width: 320, height: 20 }).raw().toBuffer();
    const meanDiff = (a: Buffer, b: Buffer) =>
      a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0) / a.length;
    expect(meanDiff(await region(out, 0), await region(frame, 0))).toBeGreaterThan(20);
    expect(meanDiff(await region(out, 200), await region(frame, 200))).toBeLessThan(6);
  });
});

describe('SnapshotFolder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'actionwatch-snapshots-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names files by time and tags, safely', () => {
    expect(
      snapshotFileName(Date.parse('2025-01-08T12:00:05.123Z'), ['gym', 'r1', 'arm wrestling']),
    ).toBe('20250108T120005.123Z_gym_r1_arm-wrestling.jpg');
  });

  it('keeps at most max_files JPEGs, deleting the oldest, and leaves other files alone', async () => {
    writeFileSync(join(dir, 'README.txt'), 'not a snapshot');
    const folder = new SnapshotFolder(join(dir, 'snaps'), 3, silentLogger());
    const paths: string[] = [];
    for (let i = 0; i < 5; i++) {
      paths.push(
        await folder.save(Date.UTC(2025, 0, 8, 12, 0, i), ['gym', 'r1'], Buffer.from([i])),
      );
    }
    expect(readdirSync(join(dir, 'snaps')).sort()).toEqual([
      '20250108T120002.000Z_gym_r1.jpg',
      '20250108T120003.000Z_gym_r1.jpg',
      '20250108T120004.000Z_gym_r1.jpg',
    ]);
    expect(paths[4]).toBe(join(dir, 'snaps', '20250108T120004.000Z_gym_r1.jpg'));
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'snaps']);
  });
});

describe('AlertSnapshots', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'actionwatch-snapshots-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const T0 = Date.parse('2025-01-08T12:00:05Z');
  const alert: Alert = {
    rule: 'r1',
    severity: 'warning',
    atMs: T0 + 2000,
    event: {
      ...{ id: 'e1', camera: 'gym', label: 'arm wrestling', head: null, score: 0.9, topScore: 0.9 },
      ...{ startMs: T0, lastSeenMs: T0 + 2000, endMs: null },
      window: { startMs: T0, endMs: T0 + 2000 },
    },
  };

  function setup() {
    const bus = new ResultBus(silentLogger());
    const announced: SnapshotEvent[] = [];
    bus.on('snapshot', (event) => announced.push(event));
    const snapshots = new AlertSnapshots({
      cameras: ['gym'],
      fps: 1,
      folder: new SnapshotFolder(dir, 10, silentLogger()),
      randomWeights: false,
      bus,
      logger: silentLogger(),
    });
    return { snapshots, announced };
  }

  it("saves the alert window's frame and announces it on the bus before naming its file", async () => {
    const { snapshots, announced } = setup();
    snapshots.sinkFor('gym')(frames[0] as Buffer, T0 + 1000);
    const file = await snapshots.capture(alert);
    const path = join(dir, '20250108T120006.000Z_gym_r1_arm-wrestling.jpg');
    expect(file).toEqual({ path, timeMs: T0 + 1000 });
    expect(announced.map(({ camera, path, timeMs }) => ({ camera, path, timeMs }))).toEqual([
      { camera: 'gym', path, timeMs: T0 + 1000 },
    ]);
    expect(readdirSync(dir)).toEqual(['20250108T120006.000Z_gym_r1_arm-wrestling.jpg']);
  });

  it('answers null and announces nothing before the camera delivered a frame', async () => {
    const { snapshots, announced } = setup();
    expect(await snapshots.capture(alert)).toBeNull();
    expect(announced).toEqual([]);
  });
});

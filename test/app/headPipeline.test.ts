import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildPipeline,
  canonicalRules,
  loadCameraHeads,
  type PipelineEngine,
} from '../../src/app/index.js';
import { type Config, ConfigError, loadConfig } from '../../src/config/index.js';
import { type AlertEvent, ResultBus } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { HeadMismatchError } from '../../src/model/heads/index.js';
import { defaultCardPath, loadModelCard } from '../../src/model/index.js';
import type { EventChange } from '../../src/recognize/index.js';
import { clipsDir, labelsFile, repoRoot, tinyModel } from '../helpers/daemonProcess.js';
import { handMadeHead, tinyBackbone, writeHead } from '../helpers/heads.js';
import { ManualClock } from '../helpers/manualClock.js';

const T0 = Date.parse('2025-01-08T12:00:00Z');
const LABELS = readFileSync(labelsFile, 'utf8').trim().split('\n');
const card = loadModelCard(defaultCardPath(tinyModel));
const dir = mkdtempSync(path.join(tmpdir(), 'aw-head-pipeline-'));
const clip = path.join(clipsDir, 'arm_wrestling.mp4');
const dockHead = writeHead(
  path.join(dir, 'dock.head.json'),
  handMadeHead('dock', ['background', 'guard_open', 'fall']),
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(cameras: unknown[], alerts: unknown[] = [], extra: object = {}): Config {
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { smoothing: { windows: 1 } },
      events: { min_duration_ms: 0 },
      snapshots: { enabled: false },
      state_dir: path.join(dir, 'state'),
      cameras,
      alerts,
      ...extra,
    }),
  );
  return loadConfig({ file, env: {}, cwd: repoRoot });
}

const dock = (extra: object = {}) => ({
  name: 'dock',
  head: dockHead,
  source: { url: clip },
  ...extra,
});
const door = { name: 'door', source: { url: clip } };

function problemsOf(make: () => unknown): string[] {
  try {
    make();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('cameras[].head in the configuration', () => {
  it('reports a missing and a broken head file with the other problems', () => {
    const broken = path.join(dir, 'broken.head.json');
    writeFileSync(broken, '{"format": "actionwatch-head/1"}');
    const problems = problemsOf(() =>
      config(
        [
          { ...door, head: 'nowhere.head.json' },
          { name: 'dock', head: broken, source: { url: clip } },
        ],
        [],
        { recognition: { top_k: 0 } },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cameras\[0\]\.head: file not found: nowhere\.head\.json/),
        expect.stringMatching(/^cameras\[1\]\.head: .*broken\.head\.json: invalid head: /),
        expect.stringMatching(/^recognition\.top_k: /),
      ]),
    );
  });

  it('is read once the model is known, and refused when taught on another model', () => {
    const heads = loadCameraHeads(config([dock(), door]), card);
    expect([...heads.keys()]).toEqual(['dock']);
    const otherPath = writeHead(
      path.join(dir, 'seed1.head.json'),
      handMadeHead('dock', ['background', 'fall'], { ...tinyBackbone(), seed: 1 }),
    );
    const other = config([{ ...dock(), head: otherPath }]);
    expect(() => loadCameraHeads(other, card)).toThrow(HeadMismatchError);
    expect(() => loadCameraHeads(other, card)).toThrow(
      /seed1\.head\.json was taught on mvit_tiny \(random weights, seed 1, 32-d embedding\), not on the model .*tiny_mvit\.onnx, mvit_tiny \(random weights, seed 0, 32-d embedding\)/,
    );
    expect(() => loadCameraHeads(other, { ...card, embedding: null })).toThrow(
      /needs the model's embedding output, but .*tiny_mvit\.onnx gives logits only/,
    );
  });
});

describe('alert rules on head labels', () => {
  const rule = (labels: string[], cameras: string[] = []) => ({ name: 'r', labels, cameras });

  it('name the heads beside the model when a label is neither', () => {
    const cfg = config([dock(), door], [rule(['weldin'])]);
    expect(() => canonicalRules(cfg, LABELS, loadCameraHeads(cfg, card))).toThrow(
      `alerts[0].labels: "weldin" is not a label of the model (it has 400 labels, e.g. "abseiling") nor of head 'dock' (guard_open, fall)`,
    );
  });

  it("accept a head's labels for the cameras that have the head", () => {
    const rules = canonicalRules(
      config([dock(), door], [rule(['Guard Open', 'arm_wrestling'])]),
      LABELS,
      loadCameraHeads(config([dock()]), card),
    );
    expect(rules[0]?.labels).toEqual(['guard_open', 'arm wrestling']);
  });

  it('refuse a head label for cameras without that head, saying what they report', () => {
    const cfg = config([dock(), door], [rule(['fall'], ['door'])]);
    expect(() => canonicalRules(cfg, LABELS, loadCameraHeads(cfg, card))).toThrow(
      /^alerts\[0\]\.labels: "fall" is not a label of the model \(it has 400 labels, e\.g\. "abseiling"\)$/,
    );
  });

  it("refuse the model's labels and the background where only the head is reported", () => {
    const cfg = config([dock({ model_labels: false })], [rule(['arm wrestling', 'background'])]);
    expect(() => canonicalRules(cfg, LABELS, loadCameraHeads(cfg, card))).toThrow(
      `alerts[0].labels: "arm wrestling", "background" are not labels of head 'dock' (guard_open, fall), the only labels the cameras it watches report (model_labels: false)`,
    );
  });
});

describe('a camera with a head in the pipeline', () => {
  it('makes events and alerts of the head labels, marked with the head', async () => {
    const cfg = config(
      [dock({ labels: ['arm_wrestling'] })],
      [{ name: 'fall_seen', labels: ['fall'], min_score: 0 }],
    );
    const engine: PipelineEngine = {
      labels: LABELS,
      card,
      maxBatch: 1,
      clipSlot: () => new Uint8Array(0),
      run: async () => new Float32Array(0),
    };
    const bus = new ResultBus(silentLogger());
    const heads = loadCameraHeads(cfg, card);
    const pipeline = buildPipeline({
      config: cfg,
      engine,
      bus,
      clock: new ManualClock(T0),
      logger: silentLogger(),
      heads,
    });
    const events: EventChange[] = [];
    const alerts: AlertEvent[] = [];
    bus.on('event', (change) => events.push(change));
    bus.on('alert', (alert) => alerts.push(alert));
    const logits = new Float32Array(LABELS.length);
    logits[LABELS.indexOf('arm wrestling')] = 20;
    const embedding = new Float32Array(32);
    embedding[1] = 5; // the head's 'fall' rises with feature 1
    const recognition = pipeline.recognition.handleWindow({
      camera: 'dock',
      endSeq: 15,
      startMs: T0 - 2000,
      endMs: T0,
      dueAtMs: T0,
      inferenceMs: 1,
      batchSize: 1,
      logits,
      embedding,
    });
    expect(recognition?.label).toBe('fall');
    expect(events.map((c) => [c.type, c.event.head, c.event.label])).toEqual([
      ['new', 'dock', 'fall'],
      ['new', null, 'arm wrestling'],
    ]);
    await pipeline.recognition.stop(); // ends the events, flushes the alerts in flight
    expect(alerts.map((a) => [a.alert.rule, a.alert.event.head, a.alert.event.label])).toEqual([
      ['fall_seen', 'dock', 'fall'],
    ]);
  });
});

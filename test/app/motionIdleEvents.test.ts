import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPipeline, type PipelineEngine } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import { ResultBus } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { defaultCardPath, loadModelCard } from '../../src/model/index.js';
import type { EventChange } from '../../src/recognize/index.js';
import type { WindowResult } from '../../src/schedule/index.js';
import { clipsDir, labelsFile, repoRoot, tinyModel } from '../helpers/daemonProcess.js';
import { ManualClock } from '../helpers/manualClock.js';

const T0 = Date.parse('2025-01-08T12:00:00Z');
const LABELS = readFileSync(labelsFile, 'utf8').trim().split('\n');
const dir = mkdtempSync(path.join(tmpdir(), 'aw-motion-events-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function engine(): PipelineEngine {
  const card = loadModelCard(defaultCardPath(tinyModel));
  const never = () => {
    throw new Error('never run');
  };
  return { labels: LABELS, card, maxBatch: 1, clipSlot: never, run: never };
}

/** A window a second, all of its probability on the first label. */
function windowAt(second: number): WindowResult {
  const logits = new Float32Array(LABELS.length).fill(-20);
  logits[0] = 20;
  const endMs = T0 + second * 1000;
  return {
    camera: 'gym',
    endSeq: second,
    startMs: endMs - 2000,
    endMs,
    dueAtMs: endMs,
    inferenceMs: 1,
    batchSize: 1,
    logits,
  };
}

describe('a camera going idle', () => {
  it('ends its open events with end_reason no_motion', () => {
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        mqtt: { url: 'mqtt://127.0.0.1:1' },
        model: { path: tinyModel, labels: labelsFile },
        events: { min_duration_ms: 1000 },
        state_dir: path.join(dir, 'state'),
        cameras: [{ name: 'gym', source: { url: path.join(clipsDir, 'arm_wrestling.mp4') } }],
      }),
    );
    const config = loadConfig({ file, env: {}, cwd: repoRoot });
    const bus = new ResultBus(silentLogger());
    const clock = new ManualClock(T0);
    const pipeline = buildPipeline({
      config,
      engine: engine(),
      bus,
      clock,
      logger: silentLogger(),
    });
    const changes: EventChange[] = [];
    bus.on('event', (change) => changes.push(change));
    pipeline.recognition.start();
    for (let second = 0; second < 3; second++) pipeline.recognition.handleWindow(windowAt(second));
    expect(changes.map((c) => c.type)).toEqual(['new']);
    bus.emit('motion', { camera: 'gym', state: 'idle', timeMs: T0 + 3000 });
    expect(changes.map((c) => [c.type, c.type === 'end' ? c.reason : null])).toEqual([
      ['new', null],
      ['end', 'no_motion'],
    ]);
    // Active again is no event of its own: the next windows decide.
    bus.emit('motion', { camera: 'gym', state: 'active', timeMs: T0 + 9000 });
    expect(changes).toHaveLength(2);
  });
});

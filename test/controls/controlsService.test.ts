import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlsService } from '../../src/controls/index.js';
import type { DetectEvent } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { AlertRules } from '../../src/recognize/index.js';
import { ManualClock } from '../helpers/manualClock.js';
import { NIGHT_RULE, recordingBridge, T0, tempStateDir } from './support.js';

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

/** The service without any MQTT: what an HTTP or console control would call. */
function setup(clock = new ManualClock(T0)) {
  const { bus, published } = recordingBridge();
  const detect: DetectEvent[] = [];
  bus.on('detect', (event) => detect.push(event));
  const rules = new AlertRules([NIGHT_RULE]);
  const controls = new ControlsService({
    cameras: ['cam1'],
    rules,
    stateDir: state.dir,
    bus,
    clock,
    logger: silentLogger(),
  });
  return { controls, rules, clock, detect, published };
}

describe('ControlsService', () => {
  it('does no I/O until started, then restores and announces every camera', () => {
    const { controls, detect } = setup();
    expect(detect).toEqual([]);
    expect(controls.isDetecting('cam1')).toBe(true);
    controls.start();
    expect(detect).toEqual([{ camera: 'cam1', on: true, cause: 'restored', timeMs: T0 }]);
    controls.stop();
  });

  it('switches detection by a typed call, announced on the bus and kept across a restart', () => {
    const first = setup();
    first.controls.start();
    expect(first.controls.setDetect('cam1', false)).toBe('changed');
    expect(first.controls.setDetect('cam1', false)).toBe('unchanged');
    expect(first.detect.map((e) => e.cause)).toEqual(['restored', 'switched', 'confirmed']);
    expect(first.published.get('aw/cam1/detect/state')).toBe('OFF');
    first.controls.stop();
    const again = setup();
    again.controls.start();
    expect(again.controls.isDetecting('cam1')).toBe(false);
    again.controls.stop();
  });

  it('ends a suspension at its moment on the clock and announces the rule attributes', () => {
    const { controls, rules, clock, published } = setup();
    controls.start();
    expect(controls.suspendCommand('night', '1')).toBe('changed');
    expect(JSON.parse(published.get('aw/alerts/night/attributes') ?? '{}').suspended).toBe(true);
    clock.advance(60_000 - 1);
    expect(rules.status('night').suspendedUntilMs).toBe(T0 + 60_000);
    clock.advance(1);
    expect(rules.status('night').suspendedUntilMs).toBeNull();
    expect(JSON.parse(published.get('aw/alerts/night/attributes') ?? '{}').suspended).toBe(false);
    controls.stop();
    expect(clock.pending).toBe(0);
  });
});

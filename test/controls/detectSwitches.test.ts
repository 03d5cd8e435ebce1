import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlsStore, DetectSwitches, parseSwitchPayload } from '../../src/controls/index.js';
import { systemClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { recordingBridge, tempStateDir } from './support.js';

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

/** Stores of earlier setups: a later setup is a restart after a clean stop, which saves them. */
const stores: ControlsStore[] = [];

function setup() {
  for (const earlier of stores.splice(0)) earlier.flush();
  const { bus, retained, published, qos } = recordingBridge();
  const changes: string[] = [];
  bus.on('detect', ({ camera, on, cause }) => {
    if (cause === 'switched') changes.push(`${camera} ${on ? 'ON' : 'OFF'}`);
  });
  const file = ControlsStore.fileIn(state.dir);
  const store = ControlsStore.open(file, silentLogger());
  stores.push(store);
  const switches = new DetectSwitches({
    cameras: ['cam1', 'cam2'],
    store,
    bus,
    clock: systemClock,
    logger: silentLogger(),
  });
  switches.start();
  return { switches, published, qos, retained, changes, file };
}

describe('parseSwitchPayload', () => {
  it.each([
    ['ON', true],
    ['off', false],
    [' On\n', true],
    ['1', undefined],
    ['', undefined],
  ])('%j → %s', (payload, expected) => {
    expect(parseSwitchPayload(payload)).toBe(expected);
  });
});

describe('DetectSwitches', () => {
  it('publishes every camera ON at first start', () => {
    const { published } = setup();
    expect(Object.fromEntries(published)).toEqual({
      'aw/cam1/detect/state': 'ON',
      'aw/cam2/detect/state': 'ON',
    });
  });

  it('switches, confirms the state, persists, and reports only real changes', () => {
    const { switches, published, changes } = setup();
    expect(switches.command('cam1', 'OFF')).toBe('changed');
    expect(switches.command('cam1', 'off')).toBe('unchanged');
    expect(switches.isOn('cam1')).toBe(false);
    expect(published.get('aw/cam1/detect/state')).toBe('OFF');
    expect(changes).toEqual(['cam1 OFF']);
    // After a restart the camera is still off, and says so.
    const again = setup();
    expect(again.switches.isOn('cam1')).toBe(false);
    expect(again.published.get('aw/cam1/detect/state')).toBe('OFF');
  });

  it('replaces the retained action with detection off, also at a start with detection off', () => {
    const { switches, published, qos } = setup();
    expect(published.has('aw/cam1/action')).toBe(false);
    switches.command('cam1', 'OFF');
    const offAction = JSON.parse(published.get('aw/cam1/action') ?? '{}');
    expect(offAction).toMatchObject({ camera: 'cam1', label: null, detect: 'OFF' });
    // Same qos as every action (RetainedStates publishes retained).
    expect(qos.get('aw/cam1/action')).toBe(0);
    expect(Number.isNaN(Date.parse(offAction.time))).toBe(false);
    expect(published.has('aw/cam2/action')).toBe(false);
    const again = setup();
    expect(JSON.parse(again.published.get('aw/cam1/action') ?? '{}')).toMatchObject({
      label: null,
      detect: 'OFF',
    });
    expect(again.published.has('aw/cam2/action')).toBe(false);
  });

  it('keeps the detection-off action for reconnects only while detection is off', () => {
    const { switches, retained } = setup();
    switches.command('cam1', 'OFF');
    expect(retained.has('aw/cam1/action')).toBe(true);
    // Back ON, the next window's action replaces it on the broker; a reconnect must not undo that.
    switches.command('cam1', 'ON');
    expect(retained.has('aw/cam1/action')).toBe(false);
  });

  it('refuses unknown cameras and payloads without changing anything', () => {
    const { switches, changes } = setup();
    expect(switches.command('cam9', 'OFF')).toBe('refused');
    expect(switches.command('cam1', 'maybe')).toBe('refused');
    expect(changes).toEqual([]);
    expect(switches.isOn('cam1')).toBe(true);
  });
});

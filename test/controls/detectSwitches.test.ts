import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlsStore, DetectSwitches, parseSwitchPayload } from '../../src/controls/index.js';
import { silentLogger } from '../../src/log/index.js';
import { Topics } from '../../src/publish/index.js';
import { recordingRetained, tempStateDir } from './support.js';

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

function setup() {
  const { retained, published } = recordingRetained();
  const changes: string[] = [];
  const file = ControlsStore.fileIn(state.dir);
  const switches = new DetectSwitches({
    cameras: ['cam1', 'cam2'],
    store: ControlsStore.open(file, silentLogger()),
    retained,
    topics: new Topics('aw'),
    logger: silentLogger(),
    onChange: (camera, on) => changes.push(`${camera} ${on ? 'ON' : 'OFF'}`),
  });
  switches.start();
  return { switches, published, changes, file };
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

  it('refuses unknown cameras and payloads without changing anything', () => {
    const { switches, changes } = setup();
    expect(switches.command('cam9', 'OFF')).toBe('refused');
    expect(switches.command('cam1', 'maybe')).toBe('refused');
    expect(changes).toEqual([]);
    expect(switches.isOn('cam1')).toBe(true);
  });
});

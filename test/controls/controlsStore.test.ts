import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAVE_DELAY_MS } from '../../src/controls/controlsStore.js';
import { ControlsStore } from '../../src/controls/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ManualClock } from '../helpers/manualClock.js';
import { tempStateDir } from './support.js';

let state: ReturnType<typeof tempStateDir>;
beforeEach(() => {
  state = tempStateDir();
});
afterEach(() => state.remove());

describe('ControlsStore', () => {
  it('defaults to detecting and no suspension when there is no file', () => {
    const store = ControlsStore.open(ControlsStore.fileIn(state.dir), silentLogger());
    expect(store.detect('cam1')).toBe(true);
    expect(store.suspendedUntil('rule')).toBeNull();
  });

  it('keeps switches across a reopen (a daemon restart)', () => {
    const file = ControlsStore.fileIn(join(state.dir, 'nested'));
    const store = ControlsStore.open(file, silentLogger());
    store.setDetect('cam1', false);
    store.setDetect('cam2', true);
    store.setSuspendedUntil('night', 1_700_000_000_000);
    store.setSuspendedUntil('day', 1);
    store.setSuspendedUntil('day', null);
    store.flush();
    const reopened = ControlsStore.open(file, silentLogger());
    expect(reopened.detect('cam1')).toBe(false);
    expect(reopened.detect('cam2')).toBe(true);
    expect(reopened.suspendedUntil('night')).toBe(1_700_000_000_000);
    expect(reopened.suspendedUntil('day')).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      format: 'actionwatch-controls/1',
      detect: { cam1: false, cam2: true },
      suspendedUntilMs: { night: 1_700_000_000_000 },
    });
    // Atomic writes leave no temporary file behind.
    expect(readdirSync(join(state.dir, 'nested'))).toEqual(['controls.json']);
  });

  it('treats names as data: a camera called __proto__ is just a camera', () => {
    const file = ControlsStore.fileIn(state.dir);
    const store = ControlsStore.open(file, silentLogger());
    store.setDetect('__proto__', false);
    store.flush();
    expect(ControlsStore.open(file, silentLogger()).detect('__proto__')).toBe(false);
    expect(ControlsStore.open(file, silentLogger()).detect('constructor')).toBe(true);
  });

  it('sets a broken file aside and starts from defaults', () => {
    const file = ControlsStore.fileIn(state.dir);
    writeFileSync(file, '{"format":"actionwatch-controls/1","detect":{"cam1":"no"}');
    const store = ControlsStore.open(file, silentLogger());
    expect(store.detect('cam1')).toBe(true);
    expect(existsSync(`${file}.corrupt`)).toBe(true);
  });
});

describe('ControlsStore under a flood of commands', () => {
  /** Timers run by hand, and a write that counts and keeps what it was given. */
  function countingStore(file: string) {
    const clock = new ManualClock();
    const writes: string[] = [];
    const store = ControlsStore.open(file, silentLogger(), {
      clock,
      write: (path, text) => {
        writes.push(text);
        writeFileSync(path, text);
      },
    });
    const runTimers = () => clock.advance(SAVE_DELAY_MS);
    return { store, writes, runTimers };
  }

  it('writes a burst of 10,000 switches once, the last one winning', () => {
    const file = ControlsStore.fileIn(state.dir);
    const { store, writes, runTimers } = countingStore(file);
    for (let i = 0; i < 10_000; i++) store.setDetect('cam1', i % 2 === 1);
    store.setSuspendedUntil('night', 1_700_000_000_000);
    expect(writes).toHaveLength(0);
    runTimers();
    expect(writes).toHaveLength(1);
    runTimers();
    expect(writes).toHaveLength(1);
    const reopened = ControlsStore.open(file, silentLogger());
    expect(reopened.detect('cam1')).toBe(true);
    expect(reopened.suspendedUntil('night')).toBe(1_700_000_000_000);
  });

  it('keeps the last change of a clean stop, written at once', () => {
    const file = ControlsStore.fileIn(state.dir);
    const { store, writes, runTimers } = countingStore(file);
    store.setDetect('cam1', false);
    runTimers();
    store.setDetect('cam1', true);
    store.setDetect('cam2', false);
    store.flush();
    expect(writes).toHaveLength(2);
    store.flush();
    expect(writes).toHaveLength(2);
    const reopened = ControlsStore.open(file, silentLogger());
    expect(reopened.detect('cam1')).toBe(true);
    expect(reopened.detect('cam2')).toBe(false);
  });
});

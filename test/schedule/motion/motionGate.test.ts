import { describe, expect, it } from 'vitest';
import { MotionGate, type MotionStateChange } from '../../../src/schedule/motion/index.js';

/** 7.5 fps: the frames' own clock, so every decision below is deterministic. */
const FRAME_MS = 1000 / 7.5;
const CLIP = 16;
const STRIDE = 8;
const MOVED = 0.2;
const STILL = 0;

function gateWith(holdMs: number, enabled = true) {
  const changes: MotionStateChange[] = [];
  const gate = new MotionGate({
    enabled,
    minArea: 0.01,
    holdMs,
    onChange: (change) => changes.push(change),
  });
  return { gate, changes };
}

/**
 * Feeds scores frame by frame and asks the gate about each window as the scheduler makes it
 * due (every STRIDE frames once CLIP frames exist); returns the decisions by last seq.
 */
function play(gate: MotionGate, scores: number[]): Map<number, boolean> {
  const decisions = new Map<number, boolean>();
  scores.forEach((score, seq) => {
    gate.recordFrame(seq, seq * FRAME_MS, score);
    if (seq >= CLIP - 1 && (seq - (CLIP - 1)) % STRIDE === 0) {
      decisions.set(seq, gate.admit(seq - CLIP + 1, seq));
    }
  });
  return decisions;
}

describe('MotionGate', () => {
  it('runs a still camera only until the hold after start-up has passed', () => {
    const { gate, changes } = gateWith(2000);
    const decisions = play(gate, new Array(120).fill(STILL));
    // Start-up counts as motion at frame 0 (time 0): the window ending at 2.0 s is within the hold.
    expect(decisions.get(15)).toBe(true);
    expect([...decisions.entries()].filter(([seq, run]) => run && seq > 15)).toEqual([]);
    expect(gate.stats()).toMatchObject({ state: 'idle', windowsRun: 1, windowsIdle: 13 });
    expect(changes).toEqual([{ state: 'idle', atMs: 23 * FRAME_MS, reason: 'no motion' }]);
  });

  it('runs every window of a moving camera', () => {
    const { gate, changes } = gateWith(0);
    const decisions = play(gate, new Array(120).fill(MOVED));
    expect([...decisions.values()].every((run) => run)).toBe(true);
    expect(gate.stats()).toMatchObject({ state: 'active', windowsIdle: 0, lastScore: MOVED });
    expect(changes).toEqual([]);
  });

  it('starts running at the first window due after still turns to moving', () => {
    const { gate, changes } = gateWith(0);
    const scores = [...new Array(60).fill(STILL), ...new Array(40).fill(MOVED)];
    const decisions = play(gate, scores);
    // Frame 60 moves; the next window due ends at 63 and holds it.
    expect(decisions.get(55)).toBe(false);
    expect(decisions.get(63)).toBe(true);
    expect(changes.at(-1)).toEqual({ state: 'active', atMs: 63 * FRAME_MS, reason: 'motion' });
  });

  it('keeps running for hold_ms after the last motion, then idles', () => {
    const { gate } = gateWith(3000);
    // Motion up to frame 39 (5.2 s); 3 s of hold lasts until 8.2 s (frame 61.5).
    const scores = [...new Array(40).fill(MOVED), ...new Array(80).fill(STILL)];
    const decisions = play(gate, scores);
    expect(decisions.get(39)).toBe(true); // motion inside
    expect(decisions.get(55)).toBe(true); // frames 40..55 still, ends 2.13 s after the motion
    expect(decisions.get(63)).toBe(false); // ends 3.2 s after the motion
    expect(decisions.get(71)).toBe(false);
  });

  it('counts a motion only when its score reaches min_area', () => {
    const { gate } = gateWith(0);
    const decisions = play(gate, [...new Array(40).fill(STILL), ...new Array(40).fill(0.005)]);
    expect(decisions.get(71)).toBe(false);
  });

  it('runs every window when the camera opted out', () => {
    const { gate, changes } = gateWith(0, false);
    const decisions = play(gate, new Array(120).fill(STILL));
    expect([...decisions.values()].every((run) => run)).toBe(true);
    expect(gate.stats()).toMatchObject({ enabled: false, state: 'active', windowsIdle: 0 });
    expect(changes).toEqual([]);
  });

  it('judges a window asked late by its own frames, not by newer ones', () => {
    const { gate } = gateWith(0);
    const scores = [...new Array(40).fill(STILL), ...new Array(10).fill(MOVED)];
    scores.forEach((score, seq) => {
      gate.recordFrame(seq, seq * FRAME_MS, score);
    });
    expect(gate.admit(20, 35)).toBe(false);
    expect(gate.admit(30, 45)).toBe(true);
  });

  it('runs a window it cannot judge: frames not recorded yet', () => {
    const { gate } = gateWith(0);
    for (let seq = 0; seq < 40; seq++) gate.recordFrame(seq, seq * FRAME_MS, STILL);
    expect(gate.admit(35, 50)).toBe(true);
  });

  it('refuses frames out of order', () => {
    const { gate } = gateWith(0);
    gate.recordFrame(5, 0, STILL);
    expect(() => gate.recordFrame(5, 1, STILL)).toThrow(/frame 5 recorded after frame 5/);
  });
});

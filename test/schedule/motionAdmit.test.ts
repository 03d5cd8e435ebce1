import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/frameRing.js';
import { silentLogger } from '../../src/log/index.js';
import { ClipScheduler, type WindowResult } from '../../src/schedule/index.js';
import { MotionGate } from '../../src/schedule/motion/index.js';

const CLIP = 4;
const STRIDE = 2;
const PERIOD_MS = 100;

/** A runner that finishes at once; logits[0] = first byte of the clip. */
function instantRunner() {
  const staging = new Uint8Array(CLIP);
  return {
    maxBatch: 1,
    classes: 1,
    clipSlot: () => staging,
    run: async () => Float32Array.of(staging[0] as number),
  };
}

/** A camera whose frames carry a motion score; the gate sees each before the scheduler. */
function setup(holdMs: number) {
  const results: WindowResult[] = [];
  const changes: string[] = [];
  const scheduler = new ClipScheduler({
    runner: instantRunner(),
    clipLength: CLIP,
    stride: STRIDE,
    framePeriodMs: PERIOD_MS,
    logger: silentLogger(),
    clock: { now: () => 0 },
    onResults: (rs) => results.push(...rs),
  });
  const gate = new MotionGate({
    enabled: true,
    minArea: 0.5,
    holdMs,
    onChange: (change) => changes.push(change.state),
  });
  const ring = new FrameRing({
    frameBytes: 1,
    capacity: CLIP + STRIDE,
    onCommit: (seq) => scheduler.frameArrived('cam', seq),
  });
  scheduler.addCamera('cam', ring, gate);
  const push = async (score: number) => {
    const seq = ring.written;
    gate.recordFrame(seq, seq * PERIOD_MS, score);
    ring.nextSlot().fill(seq);
    ring.commit(seq * PERIOD_MS);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { results, changes, gate, scheduler, push };
}

describe('ClipScheduler with a window gate', () => {
  it('runs the first window (the first frame counts as motion), then no still window', async () => {
    const { results, gate, scheduler, push } = setup(0);
    for (let i = 0; i < 12; i++) await push(0);
    expect(results.map((r) => r.endSeq)).toEqual([3]);
    // Due at 5, 7, 9, 11: idle, neither due nor skipped for the scheduler.
    expect(gate.stats()).toMatchObject({ windowsRun: 1, windowsIdle: 4, state: 'idle' });
    expect(scheduler.stats('cam')).toEqual({ windowsDue: 1, windowsRun: 1, windowsSkipped: 0 });
  });

  it('keeps running windows within the hold time after the last motion', async () => {
    const { results, push } = setup(300);
    for (let i = 0; i < 12; i++) await push(0);
    // Motion at frame 0 (0 ms); windows ending at 3 (300 ms) run, 5 (500 ms) is past the hold.
    expect(results.map((r) => r.endSeq)).toEqual([3]);
  });

  it('runs the next due window once motion starts, and says so', async () => {
    const { results, changes, push } = setup(0);
    for (let i = 0; i < 8; i++) await push(0);
    expect(changes).toEqual(['idle']);
    await push(1); // frame 8 moves
    await push(0); // frame 9: the window 6..9 is due and holds the motion
    expect(results.map((r) => r.endSeq)).toEqual([3, 9]);
    expect(changes).toEqual(['idle', 'active']);
  });
});

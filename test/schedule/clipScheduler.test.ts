import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/frameRing.js';
import { silentLogger } from '../../src/log/index.js';
import { ClipScheduler, type WindowResult, type WindowRunner } from '../../src/schedule/index.js';

const FRAME_BYTES = 2;
const CLIP = 4;

/** A runner whose runs finish only when the test says so; logits[0] = first byte of clip i. */
class ScriptedRunner implements WindowRunner {
  readonly classes = 2;
  readonly staged: number[][] = [];
  private readonly staging: Uint8Array;
  private release: (() => void) | null = null;
  runs: number[] = [];

  constructor(readonly maxBatch: number) {
    this.staging = new Uint8Array(maxBatch * CLIP * FRAME_BYTES);
  }

  clipSlot(i: number): Uint8Array {
    return this.staging.subarray(i * CLIP * FRAME_BYTES, (i + 1) * CLIP * FRAME_BYTES);
  }

  async run(clips: number): Promise<Float32Array> {
    this.runs.push(clips);
    const logits = new Float32Array(clips * this.classes);
    for (let i = 0; i < clips; i++) {
      const clip = [...this.clipSlot(i)];
      this.staged.push(clip);
      logits[i * this.classes] = clip[0] as number;
    }
    await new Promise<void>((resolve) => {
      this.release = resolve;
    });
    return logits;
  }

  finish(): Promise<void> {
    this.release?.();
    this.release = null;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(maxBatch = 1, stride = 2, onSkipped?: (camera: string, endSeq: number) => void) {
  const runner = new ScriptedRunner(maxBatch);
  const results: WindowResult[] = [];
  let clock = 0;
  const scheduler = new ClipScheduler({
    runner,
    clipLength: CLIP,
    stride,
    framePeriodMs: 100,
    logger: silentLogger(),
    clock: { now: () => clock },
    onResults: (rs) => results.push(...rs.map((r) => ({ ...r, logits: r.logits.slice() }))),
    ...(onSkipped && { onSkipped }),
  });
  const rings = new Map<string, FrameRing>();
  const addCamera = (name: string) => {
    const ring = new FrameRing({
      frameBytes: FRAME_BYTES,
      capacity: CLIP + stride,
      onCommit: (seq) => scheduler.frameArrived(name, seq),
    });
    rings.set(name, ring);
    scheduler.addCamera(name, ring);
  };
  const push = (name: string, value: number) => {
    const ring = rings.get(name) as FrameRing;
    clock += 10;
    ring.nextSlot().fill(value);
    ring.commit(value * 100);
  };
  return { runner, results, scheduler, addCamera, push };
}

describe('ClipScheduler', () => {
  it('makes the first window once a whole clip arrived, then one every stride frames', async () => {
    const { runner, results, addCamera, push } = setup(1, 2);
    addCamera('a');
    for (let v = 0; v < 4; v++) push('a', v);
    expect(runner.runs).toEqual([1]);
    expect(runner.staged[0]).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    await runner.finish();
    push('a', 4);
    expect(runner.runs).toEqual([1]); // only 1 frame since the last window
    push('a', 5);
    expect(runner.staged[1]).toEqual([2, 2, 3, 3, 4, 4, 5, 5]);
    await runner.finish();
    expect(results.map((r) => [r.endSeq, r.startMs, r.endMs])).toEqual([
      [3, 0, 300],
      [5, 200, 500],
    ]);
  });

  it('keeps one pending window per camera: the newest wins, the rest are counted as skipped', async () => {
    const { runner, scheduler, addCamera, push } = setup(1, 2);
    addCamera('a');
    for (let v = 0; v < 4; v++) push('a', v); // window ending at 3 starts running
    for (let v = 4; v < 10; v++) push('a', v); // due at 5, 7, 9 while busy
    expect(scheduler.stats('a')).toEqual({ windowsDue: 4, windowsRun: 0, windowsSkipped: 2 });
    await runner.finish();
    expect(runner.staged[1]?.[0]).toBe(6); // the window ending at frame 9 (frames 6..9)
    await runner.finish();
    expect(scheduler.stats('a')).toEqual({ windowsDue: 4, windowsRun: 2, windowsSkipped: 2 });
  });

  it('counts a pending window whose frames were overwritten as skipped, without throwing', async () => {
    const skipped: Array<[string, number]> = [];
    const { runner, results, scheduler } = setup(1, 2, (camera, endSeq) =>
      skipped.push([camera, endSeq]),
    );
    // A consumer that shows the scheduler only some of the frames it commits (a burst that
    // outran it): nothing keeps the ring from overwriting the pending window.
    const ring = new FrameRing({ frameBytes: FRAME_BYTES, capacity: CLIP + 2 });
    scheduler.addCamera('a', ring);
    const commit = (value: number) => {
      ring.nextSlot().fill(value);
      ring.commit(value * 100);
    };
    for (let v = 0; v < 4; v++) commit(v);
    scheduler.frameArrived('a', 3); // runs
    for (let v = 4; v < 6; v++) commit(v);
    scheduler.frameArrived('a', 5); // pending: frames 2..5
    for (let v = 6; v < 11; v++) commit(v); // the ring now holds 5..10
    await runner.finish();
    expect(scheduler.stats('a')).toEqual({ windowsDue: 2, windowsRun: 1, windowsSkipped: 1 });
    expect(skipped).toEqual([['a', 5]]);
    commit(11);
    scheduler.frameArrived('a', 11);
    expect(runner.staged[1]?.[0]).toBe(8);
    await runner.finish();
    expect(results.map((r) => r.endSeq)).toEqual([3, 11]);
  });

  it('batches due windows of several cameras, oldest first, up to maxBatch', async () => {
    const { runner, results, addCamera, push } = setup(2, 4);
    for (const name of ['a', 'b', 'c']) addCamera(name);
    for (let v = 0; v < 4; v++) push('a', 10 + v); // a runs alone
    for (let v = 0; v < 4; v++) push('c', 30 + v);
    for (let v = 0; v < 4; v++) push('b', 20 + v);
    await runner.finish();
    expect(runner.runs).toEqual([1, 2]);
    await runner.finish();
    expect(results.map((r) => [r.camera, r.logits[0], r.batchSize])).toEqual([
      ['a', 10, 1],
      ['c', 30, 2],
      ['b', 20, 2],
    ]);
  });

  it('does not join frames from before a stream restart with frames after it', async () => {
    const { runner, scheduler, addCamera, push } = setup(1, 2);
    addCamera('a');
    push('a', 0);
    push('a', 1);
    scheduler.restartWindows('a');
    for (let v = 2; v < 5; v++) push('a', v);
    expect(runner.runs).toEqual([]);
    push('a', 5);
    expect(runner.staged[0]).toEqual([2, 2, 3, 3, 4, 4, 5, 5]);
    await runner.finish();
  });

  it('logs a failed run and carries on with the next window', async () => {
    const failing: WindowRunner = {
      maxBatch: 1,
      classes: 1,
      clipSlot: () => new Uint8Array(CLIP * FRAME_BYTES),
      run: async () => {
        throw new Error('boom');
      },
    };
    const errors: string[] = [];
    const logger = silentLogger();
    logger.error = ((_obj: unknown, msg: string) =>
      errors.push(msg)) as unknown as typeof logger.error;
    const scheduler = new ClipScheduler({
      runner: failing,
      clipLength: CLIP,
      stride: 1,
      framePeriodMs: 100,
      logger,
      onResults: () => {},
    });
    const ring = new FrameRing({
      frameBytes: FRAME_BYTES,
      capacity: 8,
      onCommit: (s) => scheduler.frameArrived('a', s),
    });
    scheduler.addCamera('a', ring);
    for (let v = 0; v < 4; v++) {
      ring.nextSlot().fill(v);
      ring.commit(v);
    }
    await scheduler.stop();
    expect(errors).toEqual(['inference failed']);
  });

  it('refuses a ring too small to keep a pending window whole', () => {
    const { scheduler } = setup(1, 2);
    expect(() => scheduler.addCamera('x', new FrameRing({ frameBytes: 1, capacity: 5 }))).toThrow(
      /needs clip length \+ stride = 6/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/frameRing.js';
import { targetKey } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ClipScheduler, type WindowRunner } from '../../src/schedule/index.js';

const CLIP = 4;
const STRIDE = 2;

/** One window per run; each run ends when the test says so. */
class OneAtATime implements WindowRunner {
  readonly maxBatch = 1;
  readonly classes = 1;
  private readonly staging = new Uint8Array(CLIP);
  private release: (() => void) | null = null;

  clipSlot(): Uint8Array {
    return this.staging;
  }

  async run(): Promise<Float32Array> {
    await new Promise<void>((resolve) => {
      this.release = resolve;
    });
    return new Float32Array(1);
  }

  finish(): Promise<void> {
    this.release?.();
    this.release = null;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

describe('inference shared between a camera’s whole frame and its regions', () => {
  it('runs the oldest due window first, so every target gets its turn; skips count per target', async () => {
    const runner = new OneAtATime();
    const ran: string[] = [];
    let clock = 0;
    const scheduler = new ClipScheduler({
      runner,
      clipLength: CLIP,
      stride: STRIDE,
      framePeriodMs: 100,
      logger: silentLogger(),
      clock: { now: () => clock },
      onResults: (results) => ran.push(...results.map((r) => r.camera)),
    });
    const targets = [null, 'q1', 'q2', 'q3', 'q4'].map((region) => targetKey('cam', region));
    const rings = targets.map((key) => {
      const ring = new FrameRing({
        frameBytes: 1,
        capacity: CLIP + STRIDE,
        onCommit: (seq) => scheduler.frameArrived(key, seq),
      });
      scheduler.addCamera(key, ring);
      return ring;
    });
    // The camera's ffmpeg delivers one sampled frame to every target at once; inference
    // finishes one window per frame period, five times too slow for five targets.
    for (let frame = 0; frame < 40; frame++) {
      clock += 100;
      for (const ring of rings) {
        ring.nextSlot().fill(frame);
        ring.commit(clock);
      }
      await runner.finish();
    }
    const runs = targets.map((key) => ran.filter((camera) => camera === key).length);
    // 37 runs (frames 3 to 39) shared out: in turn, none gets more than one more than another.
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...runs) - Math.min(...runs)).toBeLessThanOrEqual(1);
    for (const key of targets) {
      const stats = scheduler.stats(key);
      expect(stats?.windowsSkipped, key).toBeGreaterThan(0);
      expect(stats?.windowsDue).toBe((stats?.windowsRun ?? 0) + (stats?.windowsSkipped ?? 0) + 1);
    }
  });
});

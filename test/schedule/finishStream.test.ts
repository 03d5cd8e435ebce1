import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ClipScheduler, type WindowResult } from '../../src/schedule/index.js';

const CLIP = 4;
const STRIDE = 3;

/** Frames 0..count-1, each a byte holding its own seq; windows run at once. */
async function streamOf(count: number) {
  const results: { endSeq: number; firstByte: number }[] = [];
  const staging = new Uint8Array(CLIP);
  const scheduler = new ClipScheduler({
    runner: {
      maxBatch: 1,
      classes: 1,
      clipSlot: () => staging,
      run: async () => Float32Array.of(staging[0] as number),
    },
    clipLength: CLIP,
    stride: STRIDE,
    framePeriodMs: 100,
    logger: silentLogger(),
    onResults: (rs: WindowResult[]) =>
      results.push(...rs.map((r) => ({ endSeq: r.endSeq, firstByte: r.logits[0] as number }))),
  });
  const ring = new FrameRing({
    frameBytes: 1,
    capacity: CLIP + STRIDE,
    onCommit: (seq) => scheduler.frameArrived('file', seq),
  });
  scheduler.addCamera('file', ring);
  for (let seq = 0; seq < count; seq++) {
    ring.nextSlot()[0] = seq;
    ring.commit(seq * 100);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { scheduler, results };
}

describe('ClipScheduler.finishStream', () => {
  it('makes a last window ending at the newest frame due when the grid left frames out', async () => {
    const { scheduler, results } = await streamOf(9);
    expect(results.map((r) => r.endSeq)).toEqual([3, 6]);
    expect(scheduler.finishStream('file')).toBe(true);
    await scheduler.stop();
    // The tail window holds frames 5..8, the last four of the stream.
    expect(results.at(-1)).toEqual({ endSeq: 8, firstByte: 5 });
    expect(scheduler.stats('file')).toEqual({ windowsDue: 3, windowsRun: 3, windowsSkipped: 0 });
  });

  it('adds nothing when the last window already ends at the last frame or no clip is whole', async () => {
    const onGrid = await streamOf(7);
    expect(onGrid.scheduler.finishStream('file')).toBe(false);
    const short = await streamOf(3);
    expect(short.scheduler.finishStream('file')).toBe(false);
    expect(short.scheduler.finishStream('no such camera')).toBe(false);
    expect(short.results).toEqual([]);
  });
});

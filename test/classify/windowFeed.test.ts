import { describe, expect, it } from 'vitest';
import { PacedWindowFeed } from '../../src/classify/index.js';

const CLIP = 4;
const STRIDE = 2;

/** A scheduler stand-in with ClipScheduler's due rule, whose windows finish when told. */
function setup(opts: { failOn?: number } = {}) {
  const events: string[] = [];
  const due: number[] = [];
  let nextDue = CLIP - 1;
  let newest = -1;
  const feed = new PacedWindowFeed({
    frameBytes: 1,
    offerFrame: (bytes) => {
      const seq = bytes[0] as number;
      if (seq === opts.failOn) throw new Error(`frame ${seq} is not in the ring`);
      newest = seq;
      if (seq < nextDue) return false;
      nextDue = seq + STRIDE;
      due.push(seq);
      return true;
    },
    finishStream: () => {
      if (newest <= nextDue - STRIDE) return false;
      due.push(newest);
      return true;
    },
    pause: () => events.push('pause'),
    resume: () => events.push('resume'),
    drained: () => events.push('drained'),
    failed: (err) => events.push(`failed: ${(err as Error).message}`),
  });
  return { feed, events, due };
}

/** Reads frame `seq` into the feed, as ffmpeg's reader does; the frame's byte is its seq. */
function send(feed: PacedWindowFeed, seq: number): void {
  feed.nextSlot()[0] = seq;
  feed.commit(seq * 100);
}

describe('PacedWindowFeed', () => {
  it('holds frames that arrive while a window runs and skips no window', () => {
    const { feed, events, due } = setup();
    // One pipe chunk delivers frames 0..9 at once; windows are due at 3, 5, 7, 9.
    for (let seq = 0; seq < 10; seq++) send(feed, seq);
    expect(due).toEqual([3]);
    expect(events).toEqual(['pause']);
    expect(feed.backlog).toBe(6);
    feed.windowDone();
    feed.windowDone();
    feed.windowDone();
    expect(due).toEqual([3, 5, 7, 9]);
    expect(events).toEqual(['pause']);
    feed.windowDone();
    expect(events).toEqual(['pause', 'resume']);
    expect(feed.backlog).toBe(0);
  });

  it('adds a tail window for frames after the last due window, then reports drained once', () => {
    const { feed, events, due } = setup();
    for (let seq = 0; seq < 5; seq++) send(feed, seq);
    feed.windowDone();
    feed.windowDone();
    send(feed, 5);
    send(feed, 6);
    feed.windowDone();
    expect(due).toEqual([3, 5]);
    feed.streamEnded();
    expect(due).toEqual([3, 5, 6]);
    expect(events.at(-1)).toBe('pause');
    feed.windowDone();
    feed.windowDone();
    expect(events.filter((e) => e === 'drained')).toHaveLength(1);
  });

  it('waits for the running window before it drains at the end of the stream', () => {
    const { feed, events } = setup();
    for (let seq = 0; seq < 4; seq++) send(feed, seq);
    feed.streamEnded();
    expect(events).not.toContain('drained');
    feed.windowDone();
    expect(events.at(-1)).toBe('drained');
  });

  it('stops at the first failure and reports it', () => {
    const { feed, events } = setup({ failOn: 2 });
    for (let seq = 0; seq < 4; seq++) send(feed, seq);
    feed.streamEnded();
    expect(events).toEqual(['failed: frame 2 is not in the ring']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { Fmp4Splitter } from '../../../../src/outputs/http/live/fmp4/splitter.js';
import {
  PassthroughHub,
  type PassthroughViewer,
} from '../../../../src/outputs/http/live/passthroughHub.js';
import { fragmentedMp4, H264_ARGS, H265_ARGS } from './fmp4Fixture.js';

/** A viewer whose socket backlog the test sets; remembers what it was sent. */
class FakeViewer implements PassthroughViewer {
  bufferedAmount = 0;
  readonly texts: Array<Record<string, unknown>> = [];
  readonly binaries: Buffer[] = [];
  closed: number | null = null;

  send(data: Buffer | string, done?: (err?: Error) => void): void {
    if (typeof data === 'string') this.texts.push(JSON.parse(data));
    else this.binaries.push(data);
    done?.();
  }

  close(code?: number): void {
    this.closed = code ?? 1005;
  }
}

let h264: Buffer;
let h265: Buffer;
/** h264's init segment and fragments, and which fragments start with a keyframe (0, 10, 20). */
let init: Buffer;
let fragments: Buffer[];

beforeAll(() => {
  h264 = fragmentedMp4(H264_ARGS);
  h265 = fragmentedMp4(H265_ARGS);
  fragments = [];
  new Fmp4Splitter({
    init: (segment) => {
      init = segment;
    },
    fragment: (fragment) => fragments.push(fragment),
    error: (err) => {
      throw err;
    },
  }).push(h264);
});

/** Feeds the hub the stream's bytes up to and including fragment `last`. */
function feedThrough(hub: PassthroughHub, from: number, last: number): void {
  if (from === 0) hub.push(init);
  for (let i = from; i <= last; i++) hub.push(fragments[i] as Buffer);
}

/** What the viewer was sent after its first init segment: fragment indexes, or 'init'. */
function sameBytes(_hub: PassthroughHub, viewer: FakeViewer): Array<number | 'init'> {
  return viewer.binaries
    .slice(1)
    .map((b) => (b.equals(init) ? 'init' : fragments.findIndex((f) => f.equals(b))));
}

describe('PassthroughHub', () => {
  it('gives a viewer the stream’s codec, its init segment, then fragments from a keyframe on', () => {
    const hub = new PassthroughHub();
    hub.runStarted();
    feedThrough(hub, 0, 3);
    const viewer = new FakeViewer();
    hub.add(viewer);
    expect(viewer.texts).toEqual([
      { type: 'stream', mime: 'video/mp4; codecs="avc1.64001f"', width: 320, height: 180 },
    ]);
    expect(viewer.binaries[0]?.equals(init)).toBe(true);
    feedThrough(hub, 4, 12);
    // Fragments 4..9 continue a picture group it never saw: it starts at keyframe 10.
    expect(sameBytes(hub, viewer)).toEqual([10, 11, 12]);
    expect(hub.stats()).toMatchObject({
      viewers: 1,
      fragments_in: 13,
      fragments_sent: 3,
      fragments_dropped: 0,
      fragments_awaiting_keyframe: 6,
    });
  });

  it('lets a backed-up viewer skip to the next keyframe, never a delta fragment after a gap', () => {
    const hub = new PassthroughHub({ maxBacklogBytes: 64 * 1024 });
    const fast = new FakeViewer();
    const slow = new FakeViewer();
    hub.add(fast);
    hub.add(slow);
    hub.runStarted();
    feedThrough(hub, 0, 4);
    slow.bufferedAmount = 64 * 1024;
    feedThrough(hub, 5, 6);
    // Room again, but fragments 7..9 depend on the 5 and 6 it missed.
    slow.bufferedAmount = 0;
    feedThrough(hub, 7, 12);
    expect(sameBytes(hub, fast)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(sameBytes(hub, slow)).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    // 5 and 6 for its backlog, 7 to 9 for want of a keyframe.
    expect(hub.stats()).toMatchObject({ fragments_dropped: 2, fragments_awaiting_keyframe: 3 });
  });

  it('never lets a viewer’s backlog pass its bound by more than an empty socket takes', () => {
    const hub = new PassthroughHub({ maxBacklogBytes: 64 * 1024 });
    const viewer = new FakeViewer();
    hub.add(viewer);
    hub.runStarted();
    hub.push(init);
    let most = 0;
    for (const fragment of fragments) {
      // The socket never drains: each send stays in its backlog.
      hub.push(fragment);
      viewer.bufferedAmount = viewer.binaries.slice(1).reduce((n, b) => n + b.length, 0);
      most = Math.max(most, viewer.bufferedAmount);
    }
    expect(most).toBeLessThanOrEqual(64 * 1024);
    expect(viewer.binaries.length).toBeLessThan(fragments.length);
  });

  it('sends a fresh init segment when ffmpeg restarts; viewers resume at its first keyframe', () => {
    const hub = new PassthroughHub();
    const viewer = new FakeViewer();
    hub.add(viewer);
    hub.runStarted();
    feedThrough(hub, 0, 5);
    hub.runStarted();
    feedThrough(hub, 0, 1);
    expect(viewer.texts).toHaveLength(2);
    expect(sameBytes(hub, viewer)).toEqual([0, 1, 2, 3, 4, 5, 'init', 0, 1]);
    expect(hub.stats().runs).toBe(2);
  });

  it('holds a restart’s init segment back from a backed-up viewer until it has room', () => {
    const hub = new PassthroughHub({ maxBacklogBytes: 64 * 1024 });
    const viewer = new FakeViewer();
    hub.add(viewer);
    hub.runStarted();
    feedThrough(hub, 0, 2);
    viewer.bufferedAmount = 64 * 1024;
    hub.runStarted();
    feedThrough(hub, 0, 1);
    expect(viewer.texts).toHaveLength(1);
    viewer.bufferedAmount = 0;
    feedThrough(hub, 2, 10);
    // Nothing until the keyframe at 10, and then the init segment first.
    expect(viewer.texts).toHaveLength(2);
    expect(sameBytes(hub, viewer)).toEqual([0, 1, 2, 'init', 10]);
  });

  it('a stream that is not H.264 turns every viewer away with the reason', () => {
    const hub = new PassthroughHub();
    const early = new FakeViewer();
    hub.add(early);
    hub.runStarted();
    hub.push(h265);
    const late = new FakeViewer();
    hub.add(late);
    for (const viewer of [early, late]) {
      expect(viewer.texts).toEqual([
        { type: 'unavailable', reason: "the camera's stream is hev1, not H.264" },
      ]);
      expect(viewer.binaries).toEqual([]);
      expect(viewer.closed).toBe(1000);
    }
    expect(hub.stats()).toMatchObject({ available: false, viewers: 0, fragments_in: 0 });
  });

  it('a camera that is never passed through says why at once', () => {
    const hub = new PassthroughHub({ unavailableReason: 'live.h264 is off' });
    const viewer = new FakeViewer();
    hub.add(viewer);
    expect(viewer.texts).toEqual([{ type: 'unavailable', reason: 'live.h264 is off' }]);
    expect(viewer.closed).toBe(1000);
  });

  it('garbage on the pipe is logged once and read past at the next run', () => {
    const warnings: string[] = [];
    const logger = {
      warn: (_o: unknown, msg: string) => warnings.push(msg),
      info: () => {},
      child: () => logger,
    };
    const hub = new PassthroughHub({ logger: logger as never });
    const viewer = new FakeViewer();
    hub.add(viewer);
    hub.runStarted();
    feedThrough(hub, 0, 2);
    hub.push(Buffer.alloc(4096, 0xff));
    feedThrough(hub, 3, 12);
    expect(warnings).toEqual([
      'passthrough stream unreadable; skipping the rest of this ffmpeg run',
    ]);
    expect(sameBytes(hub, viewer)).toEqual([0, 1, 2]);
    hub.runStarted();
    feedThrough(hub, 0, 1);
    expect(sameBytes(hub, viewer)).toEqual([0, 1, 2, 'init', 0, 1]);
    expect(viewer.closed).toBeNull();
  });
});

import type { PassthroughOutput } from '../../../ingest/index.js';
import { type Logger, silentLogger } from '../../../log/index.js';
import type { Fmp4Error } from './fmp4/boxes.js';
import type { InitInfo } from './fmp4/initSegment.js';
import { Fmp4Splitter } from './fmp4/splitter.js';
import { LatencyWindow } from './latencyWindow.js';

/** The part of a WebSocket the hub writes to (ws's WebSocket has it). */
export interface PassthroughViewer {
  /** Bytes handed to send() and not yet written to the socket. */
  readonly bufferedAmount: number;
  send(data: Buffer | string, done?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
}

/** The first text message of a stream (again after each ffmpeg restart), then binary. */
export type PassthroughMessage =
  | { type: 'stream'; mime: string; width: number; height: number }
  | { type: 'unavailable'; reason: string };

export interface PassthroughHubStats {
  available: boolean;
  /** RFC 6381 codec of the current stream, or null. */
  codec: string | null;
  /** Why the console shows MJPEG instead, or null. */
  reason: string | null;
  viewers: number;
  /** ffmpeg runs whose stream started (each sends viewers a fresh init segment). */
  runs: number;
  fragments_in: number;
  fragments_sent: number;
  /** Fragments a viewer missed because its socket was backed up. */
  fragments_dropped: number;
  /** Fragments a viewer was not sent while it waited for a keyframe (joining, after a drop). */
  fragments_awaiting_keyframe: number;
  buffered_bytes_max: number;
  last_fragment_bytes: number;
  /** Fragment arrival from ffmpeg → bytes handed to the viewer's socket, recent p50/p95. */
  write_latency_ms: { p50: number | null; p95: number | null };
}

export interface PassthroughHubOptions {
  /** Why the camera is never passed through (its stream is encoded), or null when it may be. */
  unavailableReason?: string | null;
  logger?: Logger;
  now?: () => number;
  /** Past this many unsent bytes a viewer skips fragments (see push rules below). */
  maxBacklogBytes?: number;
}

/** A few fragments of a 1080p stream: a viewer this far behind skips to the next keyframe. */
export const DEFAULT_MAX_BACKLOG_BYTES = 1024 * 1024;
/** RFC 6455 close code: the stream is over and will not come back on this socket. */
const NORMAL_CLOSURE = 1000;

interface ViewerState {
  /** The current stream's init segment is not sent yet (it goes before the next fragment). */
  needsInit: boolean;
  /** A fragment was skipped (or none sent yet): only a keyframe fragment may come next. */
  needsKeyframe: boolean;
}

/**
 * One camera's passed-through stream, fanned out: ffmpeg copies it once, every viewer gets
 * the same fragments. A viewer gets the init segment, then fragments from the next keyframe
 * on. A viewer whose socket is backed up skips fragments until its socket has room again
 * and a keyframe fragment comes, so it never gets a fragment whose reference frames it
 * missed, and never holds more than `maxBacklogBytes` (or one fragment, if larger) unsent.
 */
export class PassthroughHub implements PassthroughOutput {
  private readonly viewers = new Map<PassthroughViewer, ViewerState>();
  private readonly splitter: Fmp4Splitter;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxBacklogBytes: number;
  private readonly latency = new LatencyWindow();
  private init: { segment: Buffer; message: PassthroughMessage } | null = null;
  private unavailableReason: string | null;
  private codec: string | null = null;
  private counters = {
    runs: 0,
    in: 0,
    sent: 0,
    dropped: 0,
    awaitingKeyframe: 0,
    bufferedMax: 0,
    lastBytes: 0,
  };

  constructor(opts: PassthroughHubOptions = {}) {
    this.unavailableReason = opts.unavailableReason ?? null;
    this.log = opts.logger ?? silentLogger();
    this.now = opts.now ?? (() => performance.now());
    this.maxBacklogBytes = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    this.splitter = new Fmp4Splitter({
      init: (segment, info) => this.onInit(segment, info),
      fragment: (fragment, keyframe) => this.onFragment(fragment, keyframe),
      error: (err) => this.onGarbage(err),
    });
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  runStarted(): void {
    this.splitter.reset();
    this.init = null;
    this.counters.runs += 1;
    // Whatever the viewers had is from the old stream: the new one starts at a keyframe.
    for (const state of this.viewers.values()) {
      state.needsInit = true;
      state.needsKeyframe = true;
    }
  }

  push(chunk: Buffer): void {
    if (this.unavailableReason === null) this.splitter.push(chunk);
  }

  unavailable(reason: string): void {
    this.unavailableReason = reason;
    this.init = null;
    for (const viewer of this.viewers.keys()) this.turnAway(viewer);
    this.viewers.clear();
  }

  /** Starts streaming to `viewer`: the stream's init segment now or once it is known. */
  add(viewer: PassthroughViewer): void {
    if (this.unavailableReason !== null) {
      this.turnAway(viewer);
      return;
    }
    const state = { needsInit: true, needsKeyframe: true };
    this.viewers.set(viewer, state);
    this.sendInitIfRoom(viewer, state);
  }

  remove(viewer: PassthroughViewer): void {
    this.viewers.delete(viewer);
  }

  /** Ends every viewer's stream (the daemon stops). */
  close(): void {
    for (const viewer of this.viewers.keys()) viewer.close(NORMAL_CLOSURE, 'stopping');
    this.viewers.clear();
  }

  stats(): PassthroughHubStats {
    const c = this.counters;
    return {
      available: this.unavailableReason === null,
      codec: this.codec,
      reason: this.unavailableReason,
      viewers: this.viewers.size,
      runs: c.runs,
      fragments_in: c.in,
      fragments_sent: c.sent,
      fragments_dropped: c.dropped,
      fragments_awaiting_keyframe: c.awaitingKeyframe,
      buffered_bytes_max: c.bufferedMax,
      last_fragment_bytes: c.lastBytes,
      write_latency_ms: { p50: this.latency.quantile(0.5), p95: this.latency.quantile(0.95) },
    };
  }

  private onInit(segment: Buffer, info: InitInfo): void {
    if (info.codec === null) {
      this.log.info(
        { sampleEntry: info.sampleEntry },
        'camera stream is not H.264: live view is MJPEG only',
      );
      this.unavailable(`the camera's stream is ${info.sampleEntry}, not H.264`);
      return;
    }
    this.codec = info.codec;
    const mime = `video/mp4; codecs="${info.codec}"`;
    this.init = {
      segment,
      message: { type: 'stream', mime, width: info.width, height: info.height },
    };
    for (const [viewer, state] of this.viewers) {
      state.needsInit = true;
      this.sendInitIfRoom(viewer, state);
    }
  }

  private onFragment(fragment: Buffer, keyframe: boolean): void {
    // The rest of a chunk whose init segment showed a stream no viewer can take.
    if (this.init === null) return;
    const c = this.counters;
    c.in += 1;
    c.lastBytes = fragment.length;
    const arrivedMs = this.now();
    for (const [viewer, state] of this.viewers) {
      const buffered = viewer.bufferedAmount;
      c.bufferedMax = Math.max(c.bufferedMax, buffered);
      const initBytes = state.needsInit ? (this.init?.segment.length ?? 0) : 0;
      if (!this.hasRoom(buffered, initBytes + fragment.length)) {
        // A skipped fragment breaks the chain of references: only a keyframe mends it.
        state.needsKeyframe = true;
        c.dropped += 1;
        continue;
      }
      if (state.needsKeyframe && !keyframe) {
        c.awaitingKeyframe += 1;
        continue;
      }
      if (state.needsInit) this.sendInit(viewer, state);
      state.needsKeyframe = false;
      c.sent += 1;
      viewer.send(fragment, (err) => {
        if (err === undefined || err === null) this.latency.add(this.now() - arrivedMs);
      });
    }
  }

  private onGarbage(err: Fmp4Error): void {
    this.log.warn(
      { error: err.message },
      'passthrough stream unreadable; skipping the rest of this ffmpeg run',
    );
    this.init = null;
    for (const state of this.viewers.values()) state.needsKeyframe = true;
  }

  /**
   * Whether `bytes` more may go to a viewer with `buffered` unsent: within the bound, or
   * anything into an empty socket (else a fragment past the bound would never go).
   */
  private hasRoom(buffered: number, bytes: number): boolean {
    return buffered === 0 || buffered + bytes <= this.maxBacklogBytes;
  }

  /** The stream's message and init segment now, unless the viewer's backlog has no room. */
  private sendInitIfRoom(viewer: PassthroughViewer, state: ViewerState): void {
    if (this.init === null || !this.hasRoom(viewer.bufferedAmount, this.init.segment.length)) {
      return;
    }
    this.sendInit(viewer, state);
  }

  private sendInit(viewer: PassthroughViewer, state: ViewerState): void {
    const init = this.init;
    if (init === null) return;
    viewer.send(JSON.stringify(init.message));
    viewer.send(init.segment);
    state.needsInit = false;
  }

  private turnAway(viewer: PassthroughViewer): void {
    const reason = this.unavailableReason ?? 'unavailable';
    const message: PassthroughMessage = { type: 'unavailable', reason };
    viewer.send(JSON.stringify(message));
    viewer.close(NORMAL_CLOSURE, 'unavailable');
  }
}

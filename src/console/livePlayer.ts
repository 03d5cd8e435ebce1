import { passthroughUrl } from './api.js';
import { retryDelayMs } from './backoff.js';
import { h, replace } from './dom.js';
import { livePicture } from './widgets.js';

/**
 * The camera's live view: its own H.264, passed through by the daemon without re-encoding
 * (fragmented MP4 over a WebSocket into Media Source Extensions), where the daemon has it and
 * this browser can play it; the MJPEG <img> otherwise, or once anything goes wrong.
 *
 * MSE is made for video on demand: left alone it plays every buffered frame, so a tab that
 * was hidden or a network hiccup would leave the picture ever further behind, and it keeps
 * everything it was given. Here the picture jumps to the newest frame when it trails by more
 * than MAX_LAG_S, and what lies further back than KEEP_BEHIND_S is removed.
 *
 * A page stays open for days on a wall screen: when a stream that played ends (the daemon
 * restarted, the network dropped the socket), the MJPEG picture stands in while a fresh
 * socket and MediaSource are tried again, after waits that grow while the tries fail. What
 * the daemon turns away (no H.264) or this browser cannot play stays MJPEG for good.
 */

/** How far the picture may trail the newest buffered frame before it jumps ahead. */
const MAX_LAG_S = 1.5;
/** Where a jump lands, behind the newest frame: room for the next fragment to arrive. */
const JUMP_BEHIND_S = 0.2;
/** Buffered video kept behind the playhead; removed once twice as much piled up. */
const KEEP_BEHIND_S = 5;
/** Fragments waiting for the SourceBuffer; past this the page cannot keep up: MJPEG. */
const MAX_QUEUED = 90;

export interface LiveView {
  /** Holds the <video> or the <img>; stays the same element when one replaces the other. */
  readonly element: HTMLElement;
  close(): void;
}

type StreamMessage =
  | { type: 'stream'; mime: string; width: number; height: number }
  | { type: 'unavailable'; reason: string };

/** The camera's live view in `className`'s size, passthrough first. */
export function liveView(camera: string, className: string): LiveView {
  const slot = h('div', { class: 'live-slot', 'data-camera': camera });
  if (typeof MediaSource === 'undefined' || typeof WebSocket === 'undefined') {
    showMjpeg(slot, camera, className, 'this browser has no Media Source Extensions');
    return { element: slot, close: () => {} };
  }
  const view = new RetryingLiveView(slot, camera, className);
  return { element: slot, close: () => view.close() };
}

function showMjpeg(slot: HTMLElement, camera: string, className: string, why: string): void {
  slot.dataset.mode = 'mjpeg';
  slot.dataset.reason = why;
  // Already showing it (a retry that failed again): the picture keeps its own stream.
  if (slot.querySelector('img[data-live-picture]') !== null) return;
  replace(slot, livePicture(camera, className));
}

/** How a passthrough player ended: for good, or a dropped stream worth another try. */
interface PlayerEnds {
  /** Its video played: the stream works, the next drop starts the waits over. */
  playing(): void;
  ended(why: string, worthRetrying: boolean): void;
}

/** One passthrough player after another, for as long as the view lives. */
class RetryingLiveView {
  private player: PassthroughPlayer | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Tries in a row that ended without playing, since the stream last played. */
  private failures = 0;
  /** Only a stream that once played here is tried again: the first failure is MJPEG for good. */
  private played = false;
  private closed = false;

  constructor(
    private readonly slot: HTMLElement,
    private readonly camera: string,
    private readonly className: string,
  ) {
    this.start();
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    this.player?.close();
    this.player = null;
  }

  private start(): void {
    this.player = new PassthroughPlayer(this.slot, this.camera, this.className, {
      playing: () => {
        this.played = true;
        this.failures = 0;
        delete this.slot.dataset.retries;
      },
      ended: (why, worthRetrying) => this.ended(why, worthRetrying),
    });
  }

  private ended(why: string, worthRetrying: boolean): void {
    if (this.closed) return;
    this.player = null;
    if (!worthRetrying || !this.played) {
      showMjpeg(this.slot, this.camera, this.className, why);
      return;
    }
    const delay = retryDelayMs(this.failures);
    this.failures += 1;
    this.slot.dataset.retries = String(this.failures);
    showMjpeg(this.slot, this.camera, this.className, `${why}; trying again`);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.start();
    }, delay);
  }
}

/** One WebSocket into one MediaSource, for as long as the view lives. */
class PassthroughPlayer {
  private readonly socket: WebSocket;
  private readonly video: HTMLVideoElement;
  private mediaSource: MediaSource | null = null;
  private objectUrl: string | null = null;
  private buffer: SourceBuffer | null = null;
  private mime: string | null = null;
  private readonly queue: ArrayBuffer[] = [];
  private closed = false;

  constructor(
    private readonly slot: HTMLElement,
    camera: string,
    className: string,
    private readonly ends: PlayerEnds,
  ) {
    this.video = h('video', {
      class: className,
      muted: true,
      autoplay: true,
      playsinline: true,
      'data-camera': camera,
      'aria-label': `live view of ${camera}`,
    });
    // The attribute alone does not mute a video made by script; autoplay needs it muted.
    this.video.muted = true;
    this.video.addEventListener('error', () => this.fallBack('the browser could not decode it'));
    this.video.addEventListener('playing', () => this.ends.playing(), { once: true });
    this.socket = new WebSocket(passthroughUrl(camera));
    this.socket.binaryType = 'arraybuffer';
    this.socket.addEventListener('message', (event) => this.onMessage(event.data));
    // Ended by the daemon (stopping) or the network ('error' always comes with a 'close').
    this.socket.addEventListener('close', () => this.fallBack('the stream ended', true));
    // A black picture of the right size until the stream (or the fallback) arrives; a retry
    // leaves the MJPEG picture standing until the stream is there.
    if (slot.childElementCount === 0) {
      slot.dataset.mode = 'connecting';
      replace(slot, this.video);
    }
  }

  /** Lets go of everything: the socket, the MediaSource and its URL, the buffered video. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    this.video.removeAttribute('src');
    this.video.load();
    if (this.objectUrl !== null) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    this.mediaSource = null;
    this.buffer = null;
    this.queue.length = 0;
  }

  private onMessage(data: unknown): void {
    if (this.closed) return;
    if (typeof data === 'string') {
      this.onStream(JSON.parse(data) as StreamMessage);
      return;
    }
    if (this.queue.length >= MAX_QUEUED) {
      this.fallBack('the page could not keep up');
      return;
    }
    this.queue.push(data as ArrayBuffer);
    this.pump();
  }

  private onStream(message: StreamMessage): void {
    if (message.type === 'unavailable') {
      this.fallBack(message.reason);
      return;
    }
    if (!MediaSource.isTypeSupported(message.mime)) {
      this.fallBack(`this browser cannot play ${message.mime}`);
      return;
    }
    // A restarted ffmpeg sends its init segment again: same codec, same buffer ('sequence'
    // mode lays the new run's frames after the old ones).
    if (message.mime === this.mime) return;
    this.mime = message.mime;
    this.open(message.mime);
  }

  private open(mime: string): void {
    if (this.objectUrl !== null) URL.revokeObjectURL(this.objectUrl);
    this.queue.length = 0;
    this.buffer = null;
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    this.objectUrl = URL.createObjectURL(mediaSource);
    mediaSource.addEventListener('sourceopen', () => {
      if (this.closed || this.mediaSource !== mediaSource) return;
      let buffer: SourceBuffer;
      try {
        buffer = mediaSource.addSourceBuffer(mime);
      } catch (err) {
        this.fallBack(`cannot play ${mime}: ${(err as Error).name}`);
        return;
      }
      // Skipped fragments and restarts leave gaps in the stream's times: play across them.
      buffer.mode = 'sequence';
      buffer.addEventListener('updateend', () => this.afterUpdate());
      this.buffer = buffer;
      this.pump();
    });
    this.video.src = this.objectUrl;
    if (this.video.parentElement !== this.slot) {
      // The MJPEG picture that stood in meanwhile: end its stream, not just hide it.
      for (const img of this.slot.querySelectorAll('img')) img.removeAttribute('src');
      replace(this.slot, this.video);
    }
    this.slot.dataset.mode = 'mse';
    this.slot.dataset.codec = mime;
    delete this.slot.dataset.reason;
  }

  private pump(): void {
    const buffer = this.buffer;
    if (buffer === null || buffer.updating) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    try {
      buffer.appendBuffer(next);
    } catch (err) {
      this.fallBack(`cannot buffer the stream: ${(err as Error).name}`);
    }
  }

  private afterUpdate(): void {
    if (this.closed) return;
    this.keepLive();
    if (!this.trim()) this.pump();
  }

  /** Jumps to the newest frame when the picture trails it too far (or has not started). */
  private keepLive(): void {
    const { buffered } = this.video;
    if (buffered.length === 0) return;
    const start = buffered.start(0);
    const end = buffered.end(buffered.length - 1);
    const now = this.video.currentTime;
    if (now < start || end - now > MAX_LAG_S) {
      this.video.currentTime = Math.max(start, end - JUMP_BEHIND_S);
    }
    if (this.video.paused) void this.video.play().catch(() => {});
  }

  /** Removes what lies well behind the playhead; true when a removal is under way. */
  private trim(): boolean {
    const buffer = this.buffer;
    const { buffered } = this.video;
    if (buffer === null || buffer.updating || buffered.length === 0) return false;
    const behind = this.video.currentTime - buffered.start(0);
    if (behind < 2 * KEEP_BEHIND_S) return false;
    buffer.remove(buffered.start(0), this.video.currentTime - KEEP_BEHIND_S);
    return true;
  }

  private fallBack(why: string, worthRetrying = false): void {
    if (this.closed) return;
    this.close();
    this.ends.ended(why, worthRetrying);
  }
}

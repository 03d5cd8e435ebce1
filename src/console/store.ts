import { retryDelayMs } from './backoff.js';

/**
 * The page's copy of the daemon's picture: the push socket's `hello` fills it, each message
 * after that updates it, and the views redraw from it. One socket per page.
 */

export type Json = Record<string, unknown>;

export interface CameraView {
  name: string;
  detect: boolean;
  motion: string;
  availability: Json | null;
  window: Json | null;
  /** Each region's latest window, by region name (absent from an older daemon's hello). */
  regions?: Record<string, Json>;
  timeline: Array<{ time: string; label: string; score: number }>;
}

export interface Picture {
  model: Json;
  cameras: CameraView[];
  rules: Json[];
  recent: Array<{ type: string; camera?: string; data: Json }>;
  /** Each camera's counters (fps, windows, skipped, quality), pushed every few seconds. */
  stats: Json[];
}

type Listener = (change: { type: string; camera?: string }) => void;

const TIMELINE_WINDOWS = 300;
const RECENT_ITEMS = 500;

export class Store {
  picture: Picture | null = null;
  connected = false;
  private readonly listeners = new Set<Listener>();
  private socket: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Tries in a row that did not get through. */
  private failures = 0;
  private stopped = false;

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  camera(name: string): CameraView | undefined {
    return this.picture?.cameras.find((camera) => camera.name === name);
  }

  /**
   * Opens the push socket. When it closes, `stillWanted` is asked first (false: the session is
   * gone, stop), then it tries again after a wait that grows while the tries fail.
   */
  connect(stillWanted: () => Promise<boolean> = async () => true): void {
    this.stopped = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/stream`);
    this.socket = socket;
    socket.addEventListener('message', (message) => this.receive(JSON.parse(String(message.data))));
    socket.addEventListener('open', () => {
      this.failures = 0;
      this.link(true);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.link(false);
      void stillWanted().then((wanted) => {
        if (!wanted || this.stopped) return;
        const delay = retryDelayMs(this.failures);
        this.failures += 1;
        this.retry = setTimeout(() => this.connect(stillWanted), delay);
      });
    });
  }

  /** Closes the push socket for good (until the next connect). */
  stop(): void {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  private link(connected: boolean): void {
    this.connected = connected;
    this.emit({ type: 'link' });
  }

  private receive(message: { type: string; camera?: string; data: Json }): void {
    if (message.type === 'hello') {
      this.picture = message.data as unknown as Picture;
    } else if (this.picture !== null) {
      this.apply(this.picture, message);
    }
    this.emit(message);
  }

  private apply(picture: Picture, message: { type: string; camera?: string; data: Json }): void {
    const camera = message.camera === undefined ? undefined : this.camera(message.camera);
    switch (message.type) {
      case 'window':
        if (camera === undefined) return;
        if (typeof message.data.region === 'string') {
          camera.regions = { ...camera.regions, [message.data.region]: message.data };
          return;
        }
        camera.window = message.data;
        camera.timeline.push({
          time: String(message.data.time),
          label: String(message.data.label),
          score: Number(message.data.score),
        });
        if (camera.timeline.length > TIMELINE_WINDOWS) camera.timeline.shift();
        return;
      case 'availability':
        if (camera) camera.availability = message.data;
        return;
      case 'detect':
        if (camera) camera.detect = message.data.on === true;
        return;
      case 'motion':
        if (camera) camera.motion = String(message.data.state);
        return;
      case 'rule': {
        const index = picture.rules.findIndex((rule) => rule.rule === message.data.rule);
        if (index === -1) picture.rules.push(message.data);
        else picture.rules[index] = message.data;
        return;
      }
      case 'stats':
        picture.stats = (message.data.cameras as Json[]) ?? [];
        return;
      case 'event':
      case 'alert':
        picture.recent.push(message as Picture['recent'][number]);
        if (picture.recent.length > RECENT_ITEMS) picture.recent.shift();
        return;
    }
  }

  private emit(change: { type: string; camera?: string }): void {
    for (const listener of this.listeners) listener(change);
  }
}

import type {
  Clock,
  ResultBus,
  ResultEventName,
  ResultEvents,
  TimerHandle,
} from '../../../core/index.js';
import type { RuleStatus } from '../../../recognize/index.js';
import {
  alertMessage,
  type ConsoleModel,
  eventMessage,
  ruleMessage,
  windowMessage,
} from './consoleMessages.js';

export interface ConsoleFeedOptions {
  bus: ResultBus;
  cameras: readonly string[];
  model: ConsoleModel;
  rules: () => RuleStatus[];
  detecting: (camera: string) => boolean;
  clock: Clock;
  /** Each camera's counters (fps, windows skipped, quality): /api/cameras' answer. */
  cameraStats: () => object[];
}

/** One push message: its kind and the payload the MQTT API would carry for it. */
export interface FeedMessage {
  type: 'window' | 'event' | 'alert' | 'availability' | 'detect' | 'motion' | 'rule' | 'stats';
  camera?: string;
  data: Record<string, unknown>;
}

/** Ten minutes of windows at the model's 2 s stride: the camera page's timeline. */
export const TIMELINE_WINDOWS = 300;
/** Events and alerts kept for the events page; older ones are in MQTT's subscribers. */
export const RECENT_ITEMS = 500;
/** Counters are no events; they are pushed on this beat while any page is open. */
export const STATS_EVERY_MS = 2000;

interface CameraState {
  availability: Record<string, unknown> | null;
  motion: string;
  window: Record<string, unknown> | null;
  /** Each region's latest window, by region name. */
  regions: Record<string, Record<string, unknown>>;
  timeline: Array<{ time: string; label: string; score: number }>;
}

function emptyCameraState(): CameraState {
  return { availability: null, motion: 'active', window: null, regions: {}, timeline: [] };
}

/**
 * The console's view of the result bus: the latest state of every camera (for a page that
 * just opened) and each change as a message (for the pages already open). It only listens;
 * the switches stay in the controls service and the recognition in its pipeline.
 */
export class ConsoleFeed {
  private readonly state = new Map<string, CameraState>();
  private readonly recent: FeedMessage[] = [];
  private readonly subscribers = new Set<(message: FeedMessage) => void>();
  private readonly unsubscribes: Array<() => void> = [];
  private statsTimer: TimerHandle | null = null;

  constructor(private readonly opts: ConsoleFeedOptions) {
    for (const camera of opts.cameras) {
      this.state.set(camera, emptyCameraState());
    }
  }

  start(): void {
    const { model } = this.opts;
    this.listen('window', (event) => {
      const data = windowMessage(event, model);
      const camera = this.cameraState(event.camera);
      if ((event.region ?? null) !== null) {
        // A region is a target of its own: its windows never replace the whole frame's.
        camera.regions[String(event.region)] = data;
        this.publish({ type: 'window', camera: event.camera, data });
        return;
      }
      camera.window = data;
      camera.timeline.push({
        time: String(data.time),
        label: event.recognition.label,
        score: Number(data.score),
      });
      if (camera.timeline.length > TIMELINE_WINDOWS) camera.timeline.shift();
      this.publish({ type: 'window', camera: event.camera, data });
    });
    this.listen('event', (change) => {
      this.remember({
        type: 'event',
        camera: change.event.camera,
        data: eventMessage(change, model),
      });
    });
    this.listen('alert', (event) => {
      const camera = event.alert.event.camera;
      this.remember({ type: 'alert', camera, data: alertMessage(event, model) });
    });
    this.listen('availability', ({ camera, state, detail }) => {
      const data = { ...detail, state };
      this.cameraState(camera).availability = data;
      this.publish({ type: 'availability', camera, data });
    });
    this.listen('detect', ({ camera, on }) => {
      this.publish({ type: 'detect', camera, data: { on } });
    });
    this.listen('motion', ({ camera, state }) => {
      this.cameraState(camera).motion = state;
      this.publish({ type: 'motion', camera, data: { state } });
    });
    this.listen('ruleAttributes', ({ status }) => {
      this.publish({ type: 'rule', data: ruleMessage(status) });
    });
    this.listen('ruleState', ({ rule }) => {
      const status = this.opts.rules().find((candidate) => candidate.rule === rule);
      if (status) this.publish({ type: 'rule', data: ruleMessage(status) });
    });
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.subscribers.clear();
    this.stopStats();
  }

  /** Receives every message from now on; returns the function that stops it. */
  subscribe(receive: (message: FeedMessage) => void): () => void {
    this.subscribers.add(receive);
    const { clock } = this.opts;
    this.statsTimer ??= clock.unref(clock.setInterval(() => this.pushStats(), STATS_EVERY_MS));
    return () => {
      this.subscribers.delete(receive);
      if (this.subscribers.size === 0) this.stopStats();
    };
  }

  private pushStats(): void {
    this.publish({ type: 'stats', data: { cameras: this.opts.cameraStats() } });
  }

  private stopStats(): void {
    if (this.statsTimer !== null) this.opts.clock.clearInterval(this.statsTimer);
    this.statsTimer = null;
  }

  /** Everything a page needs to draw itself before the next message comes. */
  snapshot(): Record<string, unknown> {
    const { model, detecting } = this.opts;
    return {
      model,
      time: new Date(this.opts.clock.now()).toISOString(),
      cameras: [...this.state].map(([name, camera]) => ({
        name,
        detect: detecting(name),
        motion: camera.motion,
        availability: camera.availability,
        window: camera.window,
        regions: camera.regions,
        timeline: camera.timeline,
      })),
      rules: this.opts.rules().map(ruleMessage),
      stats: this.opts.cameraStats(),
      recent: this.recent,
    };
  }

  /** Events and alerts, newest last. */
  recentItems(): readonly FeedMessage[] {
    return this.recent;
  }

  private remember(message: FeedMessage): void {
    this.recent.push(message);
    if (this.recent.length > RECENT_ITEMS) this.recent.shift();
    this.publish(message);
  }

  private publish(message: FeedMessage): void {
    for (const receive of this.subscribers) {
      try {
        receive(message);
      } catch {
        // One broken socket must not keep the message from the others; it is closed by ws.
      }
    }
  }

  private cameraState(name: string): CameraState {
    let camera = this.state.get(name);
    if (camera === undefined) {
      camera = emptyCameraState();
      this.state.set(name, camera);
    }
    return camera;
  }

  private listen<K extends ResultEventName>(name: K, listener: (event: ResultEvents[K]) => void) {
    this.unsubscribes.push(this.opts.bus.on(name, listener));
  }
}

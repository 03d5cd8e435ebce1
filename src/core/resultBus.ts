import type { Logger } from '../log/index.js';
import type { Alert, EventChange, RuleStatus, SmoothedRecognition } from '../recognize/index.js';

export type AvailabilityState = 'online' | 'offline' | 'reconnecting';

/** One recognized window of a camera (what `<p>/<camera>/action` shows). */
export interface WindowEvent {
  camera: string;
  /** The camera's region the window shows; null (or absent) for the whole frame. */
  region?: string | null;
  /** The target's main view: its camera's head's labels when it has one, else the model's. */
  recognition: SmoothedRecognition;
  /** Where `recognition`'s labels come from: the head's name, or the model's. */
  labelsFrom: string;
  /** The model's own labels beside a head's, when the camera keeps them. */
  alongside?: { labelsFrom: string; recognition: SmoothedRecognition };
  /** Times of the window's first and last frame (epoch ms). */
  firstFrameMs: number;
  lastFrameMs: number;
  inferenceMs: number;
  /** When the window was due; latency = timeMs - dueAtMs. */
  dueAtMs: number;
  timeMs: number;
}

/** A camera's source state, as subscribers should see it; `detail` holds no credentials. */
export interface AvailabilityEvent {
  camera: string;
  state: AvailabilityState;
  detail: Record<string, unknown>;
}

/**
 * A camera's detect switch: `restored` at start (persisted), `switched` when a command changed
 * it, `confirmed` when a command repeated the state it already had (the sender waits for it).
 */
export interface DetectEvent {
  camera: string;
  on: boolean;
  cause: 'restored' | 'switched' | 'confirmed';
  timeMs: number;
}

/**
 * A camera's motion gate changed its mind: `idle` when a due window had no motion in it nor
 * within the hold time before it (its windows stop running), `active` when one had again.
 */
export interface MotionEvent {
  camera: string;
  state: 'active' | 'idle';
  /** Time of the frame that decided it (epoch ms). */
  timeMs: number;
}

/** Where an alert's annotated JPEG was saved. */
export interface SnapshotFile {
  path: string;
  /** Capture time of the frame (epoch ms). */
  timeMs: number;
}

/**
 * An event's clip: `recording` while it is still being recorded (alerts, which fire while the
 * event lasts: path and URL are final, the times planned), `ready` once cut (the event's end).
 */
export interface ClipReference {
  status: 'recording' | 'ready';
  path: string;
  url: string;
  /** Time of the clip's first frame (epoch ms); planned while recording. */
  startMs: number;
  endMs: number | null;
  durationMs: number | null;
  bytes: number | null;
}

export interface AlertEvent {
  alert: Alert;
  snapshot: SnapshotFile | null;
  /** Absent when the camera records no clips. */
  clip?: ClipReference;
}

/**
 * An action event's new / update / end; an end of a camera that records clips carries its
 * clip (null when none could be made).
 */
export type EventAnnouncement = EventChange & { clip?: ClipReference | null };

/** The latest alert's annotated picture of a camera. */
export interface SnapshotEvent extends SnapshotFile {
  camera: string;
  jpeg: Buffer;
}

/** What the recognition side tells the outputs. Small results only: frames never travel here. */
export interface ResultEvents {
  window: WindowEvent;
  /** An action event's new / update / end. */
  event: EventAnnouncement;
  alert: AlertEvent;
  availability: AvailabilityEvent;
  detect: DetectEvent;
  motion: MotionEvent;
  /** A rule's ON/OFF state (an event it alerted on lasts, or not). */
  ruleState: { rule: string; on: boolean };
  /** A rule's attributes changed: suspension, last alert. */
  ruleAttributes: { rule: string; status: RuleStatus };
  snapshot: SnapshotEvent;
}

export type ResultEventName = keyof ResultEvents;
export type ResultListener<K extends ResultEventName> = (event: ResultEvents[K]) => void;

/**
 * The seam between recognition and its outputs (MQTT, HTTP, snapshots, later the console and
 * clips): producers emit typed events, outputs subscribe. Delivery is synchronous and in
 * subscription order; a listener that throws is logged and the others still run, so one
 * broken output cannot take the others down.
 */
export class ResultBus {
  private readonly listeners = new Map<ResultEventName, Set<ResultListener<never>>>();
  private readonly log: Logger;

  constructor(logger: Logger) {
    this.log = logger.child({ module: 'bus' });
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends ResultEventName>(name: K, listener: ResultListener<K>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const entry = listener as ResultListener<never>;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<K extends ResultEventName>(name: K, event: ResultEvents[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as ResultListener<K>)(event);
      } catch (err) {
        this.log.error({ err, event: name }, 'result listener failed; the others still run');
      }
    }
  }
}

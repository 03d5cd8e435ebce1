import type { EventsConfig } from '../config/types.js';
import { targetOf } from '../core/target.js';
import type { LabelScore } from './scores.js';

/** A window's time span (epoch ms): its first frame and its end. */
export interface WindowSpan {
  startMs: number;
  endMs: number;
}

/**
 * One action on one camera, from the first window whose label reached the enter score to the
 * last that held it above the exit score. Times are window END times: a window's label is
 * known only once its last frame is in.
 */
export interface ActionEvent {
  readonly id: string;
  readonly camera: string;
  /** The region of the camera it happened in; null (or absent) for the whole frame. */
  readonly region?: string | null;
  readonly label: string;
  /** The taught head whose label this is; null for the model's own labels. */
  readonly head: string | null;
  /** Smoothed score of the latest window that held the label. */
  readonly score: number;
  readonly topScore: number;
  readonly startMs: number;
  readonly lastSeenMs: number;
  /** null while it lasts; lastSeenMs once it ended. */
  readonly endMs: number | null;
  /** The latest window that held the label (snapshots pick their frame from it). */
  readonly window: WindowSpan;
}

/** A label at or above the exit score in one window; `head` null for the model's labels. */
export interface HeldScore extends LabelScore {
  head?: string | null;
}

export type EndReason = 'gap' | 'no_windows' | 'detect_off' | 'no_motion' | 'stopped';

export type EventChange =
  | { type: 'new' | 'update'; event: ActionEvent }
  | { type: 'end'; event: ActionEvent; reason: EndReason };

export interface EventTrackerOptions {
  /**
   * How late a camera's next window may be (inference on a slow CPU, a skipped window) before
   * expire() takes its silence for a dead stream and ends its events.
   */
  lateWindowMs?: number;
}

/** A new peak must beat the last published one by this much to be worth an `update`. */
export const UPDATE_MIN_RISE = 0.05;
const DEFAULT_LATE_WINDOW_MS = 10_000;

interface Track {
  id: string;
  camera: string;
  label: string;
  head: string | null;
  score: number;
  topScore: number;
  startMs: number;
  lastSeenMs: number;
  window: WindowSpan;
  announced: boolean;
  publishedTopScore: number;
}

interface CameraTracks {
  lastWindowEndMs: number;
  tracks: Map<string, Track>;
}

/**
 * Turns per-window label scores into events with a lifecycle new / update / end. Hysteresis:
 * a label starts at the enter score and holds down to the exit score, so flicker around one
 * threshold makes no events; a drop shorter than maxGapMs joins; an event is announced only
 * after minDurationMs. Pure: time comes from the windows and from expire()'s caller.
 */
export class EventTracker {
  private readonly cameras = new Map<string, CameraTracks>();
  private readonly lateWindowMs: number;

  constructor(
    private readonly config: EventsConfig,
    options: EventTrackerOptions = {},
  ) {
    if (config.exitScore > config.enterScore) {
      throw new RangeError(
        `exitScore (${config.exitScore}) must not exceed enterScore (${config.enterScore})`,
      );
    }
    this.lateWindowMs = options.lateWindowMs ?? DEFAULT_LATE_WINDOW_MS;
  }

  /**
   * One window of `camera`; `scores` lists the labels at or above the exit score, the model's
   * and its head's together (a head label and a model label of the same name are two events).
   */
  observe(camera: string, window: WindowSpan, scores: readonly HeldScore[]): EventChange[] {
    const state = this.cameraState(camera);
    state.lastWindowEndMs = window.endMs;
    const held = new Map<string, HeldScore>();
    for (const score of scores) {
      if (score.score >= this.config.exitScore) held.set(trackKey(score), score);
    }
    const changes: EventChange[] = [];
    for (const [key, track] of [...state.tracks]) {
      if (window.endMs - track.lastSeenMs > this.config.maxGapMs) {
        this.close(state, key, track, 'gap', changes);
        continue;
      }
      const score = held.get(key);
      if (score !== undefined) this.hold(track, score.score, window, changes);
    }
    for (const [key, score] of held) {
      if (score.score >= this.config.enterScore && !state.tracks.has(key)) {
        state.tracks.set(key, this.open(camera, score, window));
      }
    }
    for (const track of state.tracks.values()) this.announceWhenDue(track, changes);
    return changes;
  }

  /** Announced events of `camera` that have not ended. */
  openEvents(camera: string): ActionEvent[] {
    const tracks = this.cameras.get(camera)?.tracks.values() ?? [];
    return [...tracks].filter((track) => track.announced).map((track) => snapshotOf(track, null));
  }

  /** Ends the events of cameras that sent no window for maxGapMs plus lateWindowMs. */
  expire(nowMs: number): EventChange[] {
    const changes: EventChange[] = [];
    const limitMs = this.config.maxGapMs + this.lateWindowMs;
    for (const state of this.cameras.values()) {
      if (nowMs - state.lastWindowEndMs <= limitMs) continue;
      for (const [key, track] of [...state.tracks]) {
        this.close(state, key, track, 'no_windows', changes);
      }
    }
    return changes;
  }

  /** Ends every event of one camera now (detection switched off). */
  endCamera(camera: string, reason: EndReason): EventChange[] {
    const state = this.cameras.get(camera);
    const changes: EventChange[] = [];
    if (state === undefined) return changes;
    for (const [key, track] of [...state.tracks]) this.close(state, key, track, reason, changes);
    return changes;
  }

  endAll(reason: EndReason): EventChange[] {
    return [...this.cameras.keys()].flatMap((camera) => this.endCamera(camera, reason));
  }

  private cameraState(camera: string): CameraTracks {
    let state = this.cameras.get(camera);
    if (state === undefined) {
      state = { lastWindowEndMs: Number.NEGATIVE_INFINITY, tracks: new Map() };
      this.cameras.set(camera, state);
    }
    return state;
  }

  private open(camera: string, held: HeldScore, window: WindowSpan): Track {
    const { label, score } = held;
    const head = held.head ?? null;
    return {
      id: eventId(camera, window.endMs, label, head),
      camera,
      label,
      head,
      score,
      topScore: score,
      startMs: window.endMs,
      lastSeenMs: window.endMs,
      window: { ...window },
      announced: false,
      publishedTopScore: 0,
    };
  }

  private hold(track: Track, score: number, window: WindowSpan, changes: EventChange[]): void {
    track.score = score;
    track.lastSeenMs = window.endMs;
    track.window = { ...window };
    track.topScore = Math.max(track.topScore, score);
    if (track.announced && track.topScore >= track.publishedTopScore + UPDATE_MIN_RISE) {
      track.publishedTopScore = track.topScore;
      changes.push({ type: 'update', event: snapshotOf(track, null) });
    }
  }

  private announceWhenDue(track: Track, changes: EventChange[]): void {
    if (track.announced || track.lastSeenMs - track.startMs < this.config.minDurationMs) return;
    track.announced = true;
    track.publishedTopScore = track.topScore;
    changes.push({ type: 'new', event: snapshotOf(track, null) });
  }

  /** A track that was never announced ends silently: for consumers it never happened. */
  private close(
    state: CameraTracks,
    key: string,
    track: Track,
    reason: EndReason,
    changes: EventChange[],
  ): void {
    state.tracks.delete(key);
    if (track.announced) {
      changes.push({ type: 'end', event: snapshotOf(track, track.lastSeenMs), reason });
    }
  }
}

/** `camera` of the tracker is a target key (see core/target.ts): events name both parts. */
function snapshotOf(track: Track, endMs: number | null): ActionEvent {
  const { camera, region } = targetOf(track.camera);
  return Object.freeze({
    id: track.id,
    camera,
    region,
    label: track.label,
    head: track.head,
    score: track.score,
    topScore: track.topScore,
    startMs: track.startMs,
    lastSeenMs: track.lastSeenMs,
    endMs,
    window: { ...track.window },
  });
}

function trackKey(score: HeldScore): string {
  // NUL never occurs in a label or a head name, so the two parts cannot run together.
  return score.head ? `${score.head}\u0000${score.label}` : score.label;
}

/**
 * Stable for the event's life and readable in logs: `<camera>-<start ms>-<label>`, and
 * `<camera>-<start ms>-<head>-<label>` for a head's label.
 */
export function eventId(
  camera: string,
  startMs: number,
  label: string,
  head: string | null = null,
): string {
  const slug = (head ? `${head} ${label}` : label)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return `${camera}-${Math.round(startMs)}-${slug || 'label'}`;
}

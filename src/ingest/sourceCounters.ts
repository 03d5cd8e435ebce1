import type { Clock } from '../core/index.js';
import { type ConnectionQuality, connectionQuality } from './connectionQuality.js';
import { FrameRateMeter } from './frameRateMeter.js';
import { RecentEvents } from './recentEvents.js';
import type { SourceState } from './sourceState.js';

export interface FrameSourceStats {
  framesIn: number;
  /** ffmpeg runs started after the first one. */
  restarts: number;
  stalls: number;
  /** Wall time of the last frame, from the clock; null before the first. */
  lastFrameAtMs: number | null;
  /** An ffmpeg child is alive. */
  running: boolean;
  restartsLastHour: number;
  stallsLastHour: number;
  /** Frames per second delivered over the last 30 s of the current run. */
  fps: number;
  quality: ConnectionQuality;
  /** The last failure (redacted) and when; null if none yet. */
  lastFailure: { reason: string; atMs: number } | null;
  /** When the current ffmpeg run started; null between runs. */
  runStartedAtMs: number | null;
  /** When the next ffmpeg run starts, while waiting out a backoff; else null. */
  nextRestartAtMs: number | null;
}

/** The current run as the counters need to see it. */
export interface RunView {
  alive: boolean;
  startedAtMs: number;
  onlineSinceMs: number | null;
}

const HOUR_MS = 3_600_000;

/** What one FrameSource counts about its camera, for the status API, metrics and health. */
export class SourceCounters {
  private framesIn = 0;
  private restartCount = 0;
  private stalls = 0;
  private lastFrameAtMs: number | null = null;
  private readonly restartsLastHour = new RecentEvents(HOUR_MS);
  private readonly stallsLastHour = new RecentEvents(HOUR_MS);
  private readonly frameRate = new FrameRateMeter();
  private lastFailure: { reason: string; atMs: number } | null = null;
  private nextRestartAtMs: number | null = null;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly expectedFps: number,
  ) {}

  get restarts(): number {
    return this.restartCount;
  }

  framesArrived(count: number, nowMs: number, firstOfRun: boolean): void {
    this.framesIn += count;
    this.lastFrameAtMs = nowMs;
    // Frames of an earlier run would make a fresh run's rate look better or worse than it is.
    if (firstOfRun) this.frameRate.reset(nowMs);
    this.frameRate.record(count, nowMs);
  }

  stalled(): void {
    this.stalls += 1;
    this.stallsLastHour.record(this.clock.now());
  }

  failed(reason: string, retryInMs: number): void {
    const nowMs = this.clock.now();
    this.lastFailure = { reason, atMs: nowMs };
    this.nextRestartAtMs = nowMs + retryInMs;
  }

  restarted(): void {
    this.nextRestartAtMs = null;
    this.restartCount += 1;
    this.restartsLastHour.record(this.clock.now());
  }

  stopped(): void {
    this.nextRestartAtMs = null;
  }

  snapshot(state: SourceState, run: RunView | null): FrameSourceStats {
    const nowMs = this.clock.now();
    const fps = this.frameRate.perSecond(nowMs);
    const restartsLastHour = this.restartsLastHour.count(nowMs);
    const onlineSinceMs = run?.onlineSinceMs ?? null;
    return {
      framesIn: this.framesIn,
      restarts: this.restartCount,
      stalls: this.stalls,
      lastFrameAtMs: this.lastFrameAtMs,
      running: run?.alive ?? false,
      restartsLastHour,
      stallsLastHour: this.stallsLastHour.count(nowMs),
      fps,
      quality: connectionQuality({
        state,
        restartsLastHour,
        fps,
        expectedFps: this.expectedFps,
        onlineForMs: onlineSinceMs === null ? 0 : nowMs - onlineSinceMs,
      }),
      lastFailure: this.lastFailure,
      runStartedAtMs: run?.startedAtMs ?? null,
      nextRestartAtMs: this.nextRestartAtMs,
    };
  }
}

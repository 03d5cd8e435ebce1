export type MotionState = 'active' | 'idle';

/** The gate changed its mind: the daemon publishes the state and, on idle, ends events. */
export interface MotionStateChange {
  state: MotionState;
  /** Time of the last frame of the window that changed the state (the frames' clock). */
  atMs: number;
  reason: 'motion' | 'no motion';
}

export interface MotionGateOptions {
  /** false: the camera opted out and every window runs. */
  enabled: boolean;
  /** Fraction of counted samples (0..1) that must change for a frame to count as motion. */
  minArea: number;
  /** A window still runs when it ends at most this long after the last motion. */
  holdMs: number;
  /**
   * Frames whose motion is remembered: a window is judged by frames up to this many behind the
   * newest one recorded. Must exceed the ring's capacity, which bounds how late a window is asked.
   */
  historyFrames?: number;
  onChange?: (change: MotionStateChange) => void;
}

export interface MotionGateStats {
  enabled: boolean;
  state: MotionState;
  windowsRun: number;
  /** Windows not run because nothing moved in them or within the hold time before them. */
  windowsIdle: number;
  /** Time of the newest frame that counted as motion; null before any. */
  lastMotionMs: number | null;
  /** Score of the newest frame recorded (fraction of samples changed). */
  lastScore: number;
}

const DEFAULT_HISTORY_FRAMES = 256;

/**
 * Decides per window whether a camera's frames moved enough to be worth inference. Frames are
 * recorded in sequence order with their score and time (the ring's seq and time, so the clock
 * is the frames' own and tests are deterministic); a window [firstSeq, lastSeq] runs when one
 * of its frames moved, or when its last frame came at most holdMs after the last motion. The
 * first frame ever recorded counts as motion, so a camera coming online is classified once.
 */
export class MotionGate {
  private readonly history: number;
  /** Per recorded seq (mod history): seq of the newest motion at or before it, -1 if none. */
  private readonly motionSeqAt: Float64Array;
  /** Per recorded seq (mod history): time of that motion. */
  private readonly motionMsAt: Float64Array;
  /** Per recorded seq (mod history): the frame's own time. */
  private readonly frameMsAt: Float64Array;
  private newestSeq = -1;
  private lastMotionSeq = -1;
  private lastMotionMs = Number.NaN;
  private lastScore = 0;
  private state: MotionState = 'active';
  private windowsRun = 0;
  private windowsIdle = 0;

  constructor(private readonly opts: MotionGateOptions) {
    this.history = opts.historyFrames ?? DEFAULT_HISTORY_FRAMES;
    if (!Number.isInteger(this.history) || this.history < 1) {
      throw new RangeError(`historyFrames must be a positive integer, got ${this.history}`);
    }
    this.motionSeqAt = new Float64Array(this.history);
    this.motionMsAt = new Float64Array(this.history);
    this.frameMsAt = new Float64Array(this.history);
  }

  /** Records frame `seq` (each seq once, in increasing order) with its motion score. */
  recordFrame(seq: number, timeMs: number, score: number): void {
    if (!Number.isInteger(seq) || seq <= this.newestSeq) {
      throw new RangeError(`frame ${seq} recorded after frame ${this.newestSeq}`);
    }
    const moved = this.newestSeq < 0 || score >= this.opts.minArea;
    // Frames the caller never recorded (none in the daemon: every ring frame is measured) take
    // the newest motion before them, so a window over a gap is still judged.
    for (let gap = Math.max(this.newestSeq + 1, seq - this.history + 1); gap < seq; gap++) {
      this.store(gap, timeMs);
    }
    if (moved) {
      this.lastMotionSeq = seq;
      this.lastMotionMs = timeMs;
    }
    this.store(seq, timeMs);
    this.newestSeq = seq;
    this.lastScore = score;
  }

  /** Whether the window of frames firstSeq..lastSeq should run; counts it either way. */
  admit(firstSeq: number, lastSeq: number): boolean {
    const run = !this.opts.enabled || this.moved(firstSeq, lastSeq);
    if (run) this.windowsRun++;
    else this.windowsIdle++;
    this.changeState(run ? 'active' : 'idle', lastSeq);
    return run;
  }

  stats(): MotionGateStats {
    return {
      enabled: this.opts.enabled,
      state: this.state,
      windowsRun: this.windowsRun,
      windowsIdle: this.windowsIdle,
      lastMotionMs: Number.isNaN(this.lastMotionMs) ? null : this.lastMotionMs,
      lastScore: this.lastScore,
    };
  }

  private moved(firstSeq: number, lastSeq: number): boolean {
    // A window the gate cannot judge (its frames not recorded yet, or forgotten) runs: a
    // wasted inference costs less than a missed action.
    if (!this.remembers(lastSeq)) return true;
    const slot = lastSeq % this.history;
    const motionSeq = this.motionSeqAt[slot] as number;
    if (motionSeq < 0) return false;
    if (motionSeq >= firstSeq) return true;
    return (this.frameMsAt[slot] as number) - (this.motionMsAt[slot] as number) <= this.opts.holdMs;
  }

  private remembers(seq: number): boolean {
    return seq <= this.newestSeq && seq > this.newestSeq - this.history && seq >= 0;
  }

  private store(seq: number, timeMs: number): void {
    const slot = seq % this.history;
    this.motionSeqAt[slot] = this.lastMotionSeq;
    this.motionMsAt[slot] = this.lastMotionMs;
    this.frameMsAt[slot] = timeMs;
  }

  private changeState(next: MotionState, lastSeq: number): void {
    if (next === this.state) return;
    this.state = next;
    const atMs = this.remembers(lastSeq) ? (this.frameMsAt[lastSeq % this.history] as number) : 0;
    this.opts.onChange?.({ state: next, atMs, reason: next === 'idle' ? 'no motion' : 'motion' });
  }
}

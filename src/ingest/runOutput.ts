import type { FrameSink } from '../buffer/frameSink.js';
import type { Clock } from '../core/index.js';
import { FrameReader } from './frameReader.js';
import { LiveFrameClock } from './liveFrameClock.js';
import type { LiveOutput } from './liveOutput.js';
import { type SnapshotOutput, SnapshotTap } from './snapshotOutput.js';

export interface RunOutputOptions {
  sink: FrameSink;
  /** File sources are stamped with media time, live ones with estimated capture time. */
  file: boolean;
  fps: number;
  /** How far arrivals may trail the frame grid before ffmpeg is restarted. */
  stallTimeoutMs: number;
  snapshots?: SnapshotOutput;
  live?: LiveOutput;
  /** The wall clock (epoch ms) live frames are stamped by. */
  clock: Pick<Clock, 'now'>;
}

/**
 * What one ffmpeg run writes, stamped with its time: rgb frames from stdout into the sink and,
 * when asked for, snapshot JPEGs from fd 3. File sources carry media time (so a file read
 * faster than real time keeps its pacing); live sources the capture time estimated from
 * arrivals (see LiveFrameClock). Frames and snapshots share that clock.
 */
export class RunOutput {
  private readonly opts: RunOutputOptions;
  private readonly reader: FrameReader;
  private readonly liveClock: LiveFrameClock;
  private readonly snapshotTap: SnapshotTap | null;
  private readonly liveTap: SnapshotTap | null;
  private runStartedAtMs = 0;

  constructor(opts: RunOutputOptions) {
    this.opts = opts;
    this.reader = new FrameReader(opts.sink, (frameIndex) => this.frameTimeMs(frameIndex));
    this.liveClock = new LiveFrameClock(1000 / opts.fps, opts.stallTimeoutMs);
    this.snapshotTap = opts.snapshots
      ? new SnapshotTap(opts.snapshots, (index) => this.snapshotTimeMs(index))
      : null;
    // Live images are for people watching now: stamped with their arrival.
    this.liveTap = opts.live ? new SnapshotTap(opts.live, () => opts.clock.now()) : null;
  }

  /** Frames completed in the current run. */
  get frames(): number {
    return this.reader.frames;
  }

  /**
   * The time (epoch ms) of the run's media time 0, on the clock its frames are stamped by:
   * what maps the recording's segment times onto event times. null before the first frame.
   */
  mediaOriginMs(): number | null {
    if (this.reader.frames === 0) return null;
    return this.opts.file ? this.runStartedAtMs : this.liveClock.origin;
  }

  /** A new ffmpeg run started at `startedAtMs`: its frames and images count from 0 again. */
  reset(startedAtMs: number): void {
    this.runStartedAtMs = startedAtMs;
    this.snapshotTap?.reset();
    this.liveTap?.reset();
    this.reader.reset();
    this.liveClock.reset();
  }

  /** Returns how many frames the chunk completed; throws what the sink throws. */
  pushFrames(chunk: Buffer): number {
    return this.reader.push(chunk);
  }

  pushSnapshot(chunk: Buffer): void {
    this.snapshotTap?.push(chunk);
  }

  pushLive(chunk: Buffer): void {
    this.liveTap?.push(chunk);
  }

  private frameTimeMs(frameIndex: number): number {
    if (!this.opts.file) return this.liveClock.timeOf(frameIndex, this.opts.clock.now());
    return this.runStartedAtMs + (frameIndex * 1000) / this.opts.fps;
  }

  private snapshotTimeMs(index: number): number {
    if (!this.opts.file) return this.opts.clock.now();
    return this.runStartedAtMs + (index * 1000) / (this.opts.snapshots?.fps ?? 1);
  }
}

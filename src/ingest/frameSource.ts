import { EventEmitter } from 'node:events';
import { type Clock, systemClock } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { describeExit, explainFailure } from './failureReason.js';
import { describeError, FfmpegRun, type FfmpegRunDeps, type FfmpegRunEnd } from './ffmpegRun.js';
import type { FrameSourceOptions } from './frameSourceOptions.js';
import { type ExtraPipe, OutputPlan } from './outputPlan.js';
import { PassthroughSwitch } from './passthroughOutput.js';
import { RecordingRun } from './recordOutput.js';
import { RunPipes } from './runPipes.js';
import { type FrameSourceStats, SourceCounters } from './sourceCounters.js';
import type { FrameSourceEvents, SourceState, SourceStateDetail } from './sourceState.js';
import { SOURCE_KINDS } from './sources/index.js';
import { StderrTail, secretsInUrl } from './stderrTail.js';

export type { FrameSourceOptions } from './frameSourceOptions.js';
export type { FrameSourceStats } from './sourceCounters.js';

const STDERR_LINES = 20;

/** The current ffmpeg run and what this source knows about it. */
interface Current {
  readonly run: FfmpegRun;
  readonly startedAtMs: number;
  onlineSinceMs: number | null;
  readonly recording: RecordingRun;
}

/**
 * One supervised ffmpeg per camera, writing frames into the camera's sink. Restarts ffmpeg
 * with backoff when it exits or stalls; never throws or emits 'error' once started, because
 * one failing camera must not take the daemon down. Which outputs a run writes is the
 * OutputPlan's business, where their pipes' chunks go the RunPipes'.
 */
export class FrameSource extends EventEmitter<FrameSourceEvents> {
  private readonly opts: FrameSourceOptions;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly tail: StderrTail;
  private readonly passthrough: PassthroughSwitch;
  private readonly plan: OutputPlan;
  private readonly pipes: RunPipes;
  private readonly runDeps: FfmpegRunDeps;
  private current: Current | null = null;
  private restartTimer: unknown = null;
  private currentState: SourceState = 'offline';
  private started = false;
  private stopRequested = false;
  private stopping: Promise<void> | null = null;
  /** The current run is being stopped to start again at once (respawn), not failing. */
  private respawnReason: string | null = null;
  private readonly counters: SourceCounters;

  constructor(opts: FrameSourceOptions) {
    super();
    this.opts = opts;
    this.log = opts.logger.child({ module: 'ingest', camera: opts.camera.name });
    this.clock = opts.clock ?? systemClock;
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF, opts.random);
    // One switch: it decides both whether runs carry the passthrough and whether its bytes go on.
    this.passthrough = new PassthroughSwitch(opts.passthrough);
    this.plan = new OutputPlan({
      ...opts,
      sinkFrameBytes: opts.sink.frameBytes,
      passthrough: this.passthrough,
    });
    this.pipes = new RunPipes({
      ...opts,
      passthrough: this.passthrough,
      clock: this.clock,
      log: this.log,
    });
    this.runDeps = {
      spawn: opts.spawn,
      kill: opts.kill,
      clock: this.clock,
      log: this.log,
      stallTimeoutMs: opts.camera.stallTimeoutMs,
      killGraceMs: opts.killGraceMs,
    };
    this.tail = new StderrTail(STDERR_LINES, secretsInUrl(opts.camera.source.url));
    this.counters = new SourceCounters(this.clock, opts.output.fps);
    opts.recording?.attach((reason) => this.respawn(reason));
  }

  get state(): SourceState {
    return this.currentState;
  }

  stats(): FrameSourceStats {
    const current = this.current;
    const run = current && {
      alive: current.run.alive,
      startedAtMs: current.startedAtMs,
      onlineSinceMs: current.onlineSinceMs,
    };
    return this.counters.snapshot(this.currentState, run);
  }

  /** Starts ffmpeg. Throws only for a configuration that can never work (bad sizes). */
  start(): void {
    if (this.started) return;
    const { camera } = this.opts;
    // Built now, so sizes that can never work throw here rather than fail every run.
    this.plan.fixedArgs();
    this.started = true;
    this.stopRequested = false;
    this.backoff.reset();
    this.log.info({ kind: camera.source.kind, hwaccel: camera.source.hwaccel }, 'starting ffmpeg');
    this.setState('starting');
    this.spawnRun();
  }

  /**
   * Holds the current ffmpeg run's frames back until resume(), so a consumer slower than
   * decoding (classify over a file) loses none; frames of a chunk already read still arrive,
   * and so does everything left in the pipe once ffmpeg exits.
   */
  pause(): void {
    this.current?.run.pauseOutput();
  }

  resume(): void {
    this.current?.run.resumeOutput();
  }

  /**
   * Stops the current ffmpeg run and starts the next at once, without backoff and without
   * counting a failure: its outputs changed (recording paused or resumed).
   */
  respawn(reason: string): void {
    const current = this.current;
    if (current === null || this.stopRequested || this.respawnReason !== null) return;
    this.respawnReason = reason;
    current.run.terminate();
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL after a grace) and restarts no more. */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    this.stopRequested = true;
    if (this.restartTimer !== null) this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.counters.stopped();
    const current = this.current;
    if (current !== null) {
      current.run.terminate();
      await current.run.closed;
    }
    this.started = false;
    this.setState('offline', { reason: 'stopped' });
  }

  private spawnRun(): void {
    this.tail.clear();
    const startedAtMs = this.clock.now();
    this.pipes.reset(startedAtMs);
    const recording = new RecordingRun(startedAtMs);
    let current: Current;
    try {
      const plan = this.plan.forRun(recording);
      current = this.newRun(recording, plan.pipes);
      this.current = current;
      current.run.start(this.opts.ffmpegPath, plan.args);
    } catch (err) {
      this.current = null;
      this.scheduleRestart(`cannot start ffmpeg: ${describeError(err)}`, null);
      return;
    }
    const argv = this.tail.redact(this.plan.fixedArgs().join(' '));
    this.log.debug({ pid: current.run.pid, argv }, 'ffmpeg spawned');
  }

  private newRun(recording: RecordingRun, pipes: readonly ExtraPipe[]): Current {
    const readers = this.pipes.readersFor(pipes, {
      accepting: () => current === this.current && !this.stopRequested,
      framesArrived: (count) => this.onFrames(current, count),
      fail: (reason) => current.run.fail(reason),
    });
    const run = new FfmpegRun(this.runDeps, {
      ...readers,
      stderr: (chunk) => {
        if (current === this.current) this.tail.push(chunk);
      },
      stalled: () => {
        this.counters.stalled();
      },
      closed: (end) => {
        recording.ended = true;
        this.onClosed(current, end);
      },
    });
    const { startedAtMs } = recording;
    const current: Current = { run, startedAtMs, onlineSinceMs: null, recording };
    return current;
  }

  private onFrames(current: Current, count: number): void {
    const nowMs = this.clock.now();
    this.counters.framesArrived(count, nowMs, current.onlineSinceMs === null);
    current.run.frameArrived();
    // A live origin only moves earlier as arrivals refine it: cheap to copy on every chunk.
    current.recording.originMs = this.pipes.mediaOriginMs();
    if (current.onlineSinceMs !== null) return;
    current.onlineSinceMs = nowMs;
    this.log.info({ restarts: this.counters.restarts }, 'camera online');
    this.setState('online');
  }

  private onClosed(current: Current, end: FfmpegRunEnd): void {
    if (current !== this.current) return;
    this.current = null;
    if (this.stopRequested) return;
    const respawnReason = this.respawnReason;
    this.respawnReason = null;
    if (respawnReason === null && this.passthroughRuledOut(current)) {
      // Not the camera's failure: the same run without that output, at once.
      this.setState('starting');
      this.spawnRun();
      return;
    }
    if (respawnReason !== null) {
      this.log.info({ reason: respawnReason }, 'restarting ffmpeg with changed outputs');
      // A new stream: the camera's windows must not join frames across the two runs.
      this.setState('starting');
      this.spawnRun();
      return;
    }
    if (end.failure === null && this.isEndOfFile(end.code)) {
      this.started = false;
      this.log.info({ frames: this.pipes.frames }, 'file ended');
      this.setState('offline', { reason: 'end of file' });
      return;
    }
    this.scheduleRestart(end.failure ?? describeExit(end), current);
  }

  private passthroughRuledOut(current: Current): boolean {
    const stderr = this.tail.lines();
    if (!this.passthrough.ruledOut(current.onlineSinceMs !== null, stderr)) return false;
    this.log.warn(
      { stderr },
      'ffmpeg cannot write this stream as MP4: live view without passthrough',
    );
    return true;
  }

  private isEndOfFile(code: number | null): boolean {
    const { kind, loop } = this.opts.camera.source;
    return SOURCE_KINDS[kind].isRecording && !loop && code === 0;
  }

  private scheduleRestart(failure: string, failed: Current | null): void {
    const reason = explainFailure(this.tail.redact(failure), this.tail.lines());
    const healthySinceMs = failed?.onlineSinceMs ?? null;
    const healthyForMs = healthySinceMs === null ? null : this.clock.now() - healthySinceMs;
    const retryInMs = this.backoff.delayAfterRunMs(healthyForMs);
    const stderrTail = this.tail.lines();
    this.log.warn(
      { reason, stderr: stderrTail, retryInMs, failures: this.backoff.failures },
      'ffmpeg failed; restarting after backoff',
    );
    this.counters.failed(reason, retryInMs);
    this.restartTimer = this.clock.setTimeout(() => this.restartNow(), retryInMs);
    this.setState('reconnecting', { reason, stderrTail, retryInMs });
  }

  private restartNow(): void {
    this.restartTimer = null;
    if (this.stopRequested) return;
    this.counters.restarted();
    this.spawnRun();
  }

  private setState(state: SourceState, detail: SourceStateDetail = {}): void {
    // Every failure is news; a repeated online/offline is not.
    if (state === this.currentState && state !== 'reconnecting') return;
    this.currentState = state;
    try {
      this.emit('state', state, detail);
    } catch (err) {
      this.log.error({ err }, 'a state listener threw');
    }
  }
}

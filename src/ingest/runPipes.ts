import type { Clock } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { describeError } from './ffmpegRun.js';
import type { FrameSourceOptions } from './frameSourceOptions.js';
import type { ExtraPipe, SingleOutput } from './outputPlan.js';
import type { PassthroughSwitch } from './passthroughOutput.js';
import { RegionTaps } from './regionTaps.js';
import { RunOutput } from './runOutput.js';
import { SOURCE_KINDS } from './sources/index.js';

export interface RunPipesOptions
  extends Pick<
    FrameSourceOptions,
    'camera' | 'output' | 'sink' | 'snapshots' | 'live' | 'regions'
  > {
  passthrough: PassthroughSwitch;
  /** The wall clock live frames and images are stamped by. */
  clock: Pick<Clock, 'now'>;
  log: Logger;
}

/** What one run's pipes need of the FrameSource that started it. */
export interface RunHooks {
  /** Whether the run's output still counts: it is the current run and no stop was asked for. */
  accepting(): boolean;
  /** A stdout chunk completed `count` whole frames. */
  framesArrived(count: number): void;
  /** A sink threw: the run is given up for `reason` and restarted. */
  fail(reason: string): void;
}

/** The readers FfmpegRun attaches to one run's stdout and extra pipes. */
export interface RunReaders {
  stdout(chunk: Buffer): void;
  pipes: Map<number, (chunk: Buffer) => void>;
}

/**
 * Where each pipe of a camera's ffmpeg runs goes: stdout's rgb24 frames, the snapshots and
 * the live view into RunOutput, each region's frames into RegionTaps, the MP4 into the
 * passthrough. Output of a run that no longer counts (replaced, or being stopped) is dropped.
 */
export class RunPipes {
  private readonly output: RunOutput;
  private readonly regionTaps: RegionTaps;

  constructor(private readonly opts: RunPipesOptions) {
    const common = {
      file: SOURCE_KINDS[opts.camera.source.kind].isRecording,
      fps: opts.output.fps,
      stallTimeoutMs: opts.camera.stallTimeoutMs,
      clock: opts.clock,
    };
    this.output = new RunOutput({
      ...common,
      sink: opts.sink,
      snapshots: opts.snapshots,
      live: opts.live,
    });
    this.regionTaps = new RegionTaps({ ...common, regions: opts.regions ?? [] });
  }

  /** Frames completed in the current run. */
  get frames(): number {
    return this.output.frames;
  }

  /** The time (epoch ms) of the current run's media time 0 (see RunOutput.mediaOriginMs). */
  mediaOriginMs(): number | null {
    return this.output.mediaOriginMs();
  }

  /** A new run started at `startedAtMs`: every output counts from 0 again. */
  reset(startedAtMs: number): void {
    this.output.reset(startedAtMs);
    this.regionTaps.reset(startedAtMs);
  }

  /** The readers of a run with `pipes` (its plan's), reporting to `run`. */
  readersFor(pipes: readonly ExtraPipe[], run: RunHooks): RunReaders {
    return {
      stdout: (chunk) => this.readFrames(run, chunk),
      pipes: new Map(pipes.map((pipe) => [pipe.fd, this.readerOf(pipe, run)])),
    };
  }

  private readerOf(pipe: ExtraPipe, run: RunHooks): (chunk: Buffer) => void {
    if (pipe.output === 'region') return (chunk) => this.readRegionFrames(run, pipe.index, chunk);
    const push = this.pushOf(pipe.output);
    return (chunk) => {
      if (run.accepting()) push(chunk);
    };
  }

  private pushOf(output: SingleOutput): (chunk: Buffer) => void {
    switch (output) {
      case 'snapshots':
        return (chunk) => this.output.pushSnapshot(chunk);
      case 'live':
        return (chunk) => this.output.pushLive(chunk);
      case 'passthrough':
        return (chunk) => this.opts.passthrough.push(chunk);
    }
  }

  private readFrames(run: RunHooks, chunk: Buffer): void {
    if (!run.accepting()) return;
    let completed: number;
    try {
      completed = this.output.pushFrames(chunk);
    } catch (err) {
      const error = describeError(err);
      this.opts.log.error({ error }, 'frame sink failed; restarting ffmpeg');
      run.fail(`cannot store frames: ${error}`);
      return;
    }
    if (completed > 0) run.framesArrived(completed);
  }

  /** The whole frame's pipe alone drives the stall watchdog and the camera's state. */
  private readRegionFrames(run: RunHooks, index: number, chunk: Buffer): void {
    if (!run.accepting()) return;
    try {
      this.regionTaps.push(index, chunk);
    } catch (err) {
      const error = describeError(err);
      this.opts.log.error({ error }, 'region frame sink failed; restarting ffmpeg');
      run.fail(`cannot store region frames: ${error}`);
    }
  }
}

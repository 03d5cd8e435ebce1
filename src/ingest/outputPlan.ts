import { LIVE_FD } from './liveOutput.js';
import { PASSTHROUGH_FD, type PassthroughSwitch } from './passthroughOutput.js';
import type { RecordingOutput, RecordingRun } from './recordOutput.js';
import { regionFd } from './regionFilters.js';
import { SNAPSHOT_FD } from './snapshotOutput.js';
import { buildSourceArgs, type SourceArgsOptions } from './sourceArgs.js';

/** The extra outputs a camera has at most one of. */
export type SingleOutput = 'snapshots' | 'live' | 'passthrough';

/** An output of a run beyond the rgb24 frames on stdout, and the child's fd it is written to. */
export type ExtraPipe =
  | { readonly output: SingleOutput; readonly fd: number }
  | { readonly output: 'region'; readonly index: number; readonly fd: number };

/** Which outputs beyond the rgb24 frames one run carries. */
export interface RunOutputs {
  snapshots: boolean;
  live: boolean;
  passthrough: boolean;
  regions: number;
}

/** What one ffmpeg run is started with: its argv (without the binary) and its extra pipes. */
export interface RunPlan {
  args: string[];
  pipes: ExtraPipe[];
}

/**
 * Each extra output's fd. Every output has an fd of its own that does not depend on which
 * others a run carries, so a run that drops one (the passthrough, a paused recording) moves
 * no other output's pipe.
 */
export function extraPipesFor(outputs: RunOutputs): ExtraPipe[] {
  const single = (output: SingleOutput, fd: number): ExtraPipe[] =>
    outputs[output] ? [{ output, fd }] : [];
  return [
    ...single('snapshots', SNAPSHOT_FD),
    ...single('live', LIVE_FD),
    ...single('passthrough', PASSTHROUGH_FD),
    ...Array.from(
      { length: outputs.regions },
      (_, index): ExtraPipe => ({ output: 'region', index, fd: regionFd(index) }),
    ),
  ];
}

export interface OutputPlanOptions extends SourceArgsOptions {
  /** Whether runs still carry the passthrough output (see PassthroughSwitch). */
  passthrough: PassthroughSwitch;
  recording?: RecordingOutput | undefined;
}

/**
 * Which outputs each of a camera's ffmpeg runs writes, with their argv and fds. The rgb24
 * frames, regions, snapshots and live view are the same in every run; the passthrough is
 * left out once the stream proved unfit for MP4, the recording while it is paused.
 */
export class OutputPlan {
  private cameraArgs: string[] | null = null;

  constructor(private readonly opts: OutputPlanOptions) {}

  /**
   * The argv of the outputs every run carries, built once. Throws a RangeError for sizes
   * that can never work, so no ffmpeg is started for them.
   */
  fixedArgs(): readonly string[] {
    this.cameraArgs ??= buildSourceArgs(this.opts);
    return this.cameraArgs;
  }

  /** The plan of the run about to start; tells the passthrough and the recording it starts. */
  forRun(recording: RecordingRun): RunPlan {
    const { passthrough, snapshots, live, regions = [] } = this.opts;
    const passthroughArgs = passthrough.argsForRun();
    const recordArgs = this.opts.recording?.argsForRun(recording) ?? [];
    const pipes = extraPipesFor({
      snapshots: Boolean(snapshots),
      live: Boolean(live),
      passthrough: passthroughArgs.length > 0,
      regions: regions.length,
    });
    return { args: [...this.fixedArgs(), ...passthroughArgs, ...recordArgs], pipes };
  }
}

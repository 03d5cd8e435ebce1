import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Clock } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { spawnDyingWithParent } from './spawnChild.js';
import { redactCredentials } from './stderrTail.js';

export type SpawnFn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;
/** process.kill's shape: a negative pid signals a whole process group. */
export type KillFn = (pid: number, signal: NodeJS.Signals) => void;

export interface FfmpegRunDeps {
  /** spawnDyingWithParent unless given. */
  spawn?: SpawnFn;
  /** process.kill unless given. */
  kill?: KillFn;
  clock: Clock;
  log: Logger;
  /** The run counts as stalled when no frame arrived for this long. */
  stallTimeoutMs: number;
  /** How long ffmpeg gets after SIGTERM before SIGKILL; DEFAULT_KILL_GRACE_MS unless given. */
  killGraceMs?: number;
}

const DEFAULT_KILL_GRACE_MS = 3000;

export interface FfmpegRunEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why we gave up on the run before ffmpeg exited (stall, spawn error); null if we did not. */
  failure: string | null;
}

export interface FfmpegRunHandlers {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /**
   * The child's fds beyond stdout and stderr that ffmpeg writes an output to, each with what
   * reads it (which output is on which fd: see outputPlan.ts); only these fds are piped.
   */
  pipes?: ReadonlyMap<number, (chunk: Buffer) => void>;
  stalled(reason: string): void;
  /** Once, after ffmpeg exited and its pipes are drained. */
  closed(end: FfmpegRunEnd): void;
}

/**
 * One ffmpeg process in its own process group, with a stall watchdog and a kill that
 * escalates from SIGTERM to SIGKILL. Restart policy is the FrameSource's business.
 */
export class FfmpegRun {
  /** Settles with the `closed` handler's call; never for a run whose start threw. */
  readonly closed: Promise<void>;
  private readonly deps: Required<FfmpegRunDeps>;
  private readonly handlers: FfmpegRunHandlers;
  private markClosed = () => {};
  private child: ChildProcess | null = null;
  private exited = false;
  private terminating = false;
  private sawFrame = false;
  private failure: string | null = null;
  private stallTimer: unknown = null;
  private killTimer: unknown = null;

  constructor(deps: FfmpegRunDeps, handlers: FfmpegRunHandlers) {
    this.deps = {
      ...deps,
      spawn: deps.spawn ?? spawnDyingWithParent,
      kill: deps.kill ?? ((pid, signal) => process.kill(pid, signal)),
      killGraceMs: deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    };
    this.handlers = handlers;
    this.closed = new Promise<void>((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** Spawns ffmpeg; throws what spawn() throws synchronously. */
  start(command: string, args: string[]): void {
    if (this.child !== null) throw new Error('an FfmpegRun starts once');
    // detached: its own process group, so one kill reaches whatever ffmpeg started.
    const child = this.deps.spawn(command, args, { detached: true, stdio: this.stdio() });
    this.child = child;
    this.attach(child);
    this.armWatchdog();
  }

  /** stdin ignored, stdout and stderr piped, then a pipe for each extra output's fd. */
  private stdio(): Array<'ignore' | 'pipe'> {
    const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
    for (const fd of this.handlers.pipes?.keys() ?? []) stdio[fd] = 'pipe';
    // fds between the outputs (a hole left for other outputs) must not be inherited.
    return Array.from(stdio, (entry) => entry ?? 'ignore');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && !this.exited;
  }

  /** A whole frame arrived: the run is healthy for another stall timeout. */
  frameArrived(): void {
    this.sawFrame = true;
    if (!this.exited) this.armWatchdog();
  }

  /**
   * Stops reading ffmpeg's frames: the pipe fills and ffmpeg blocks, which paces a file for
   * a consumer slower than decoding (classify). The stall watchdog is off meanwhile, since
   * the silence is ours; terminate() reads again so ffmpeg can exit. Only a throttle: once
   * ffmpeg exits, Node resumes stdout to drain the pipe, so what is still in it arrives
   * however long the consumer wants to wait (classify's PacedWindowFeed holds it).
   */
  pauseOutput(): void {
    this.child?.stdout?.pause();
    if (this.stallTimer !== null) this.deps.clock.clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  resumeOutput(): void {
    this.child?.stdout?.resume();
    if (this.child !== null && !this.exited && !this.terminating) this.armWatchdog();
  }

  /** Gives up on the run for `reason` and kills it. */
  fail(reason: string): void {
    this.failure ??= reason;
    this.terminate();
  }

  /** SIGTERM to the process group, SIGKILL after the grace if it is still alive. */
  terminate(): void {
    if (this.child === null || this.terminating || this.exited) return;
    this.terminating = true;
    // A paused pipe would keep 'close' (and so the end of the run) from ever coming.
    this.child.stdout?.resume();
    this.signalGroup('SIGTERM');
    this.killTimer = this.deps.clock.setTimeout(() => {
      this.killTimer = null;
      if (this.exited) return;
      this.deps.log.warn(
        { graceMs: this.deps.killGraceMs },
        'ffmpeg ignored SIGTERM; sending SIGKILL',
      );
      this.signalGroup('SIGKILL');
    }, this.deps.killGraceMs);
  }

  private attach(child: ChildProcess): void {
    child.stdout?.on('data', (chunk: Buffer) => this.handlers.stdout(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.handlers.stderr(chunk));
    // An 'error' without a listener would be thrown out of the event loop.
    const onPipeError = (err: Error) =>
      this.deps.log.debug({ error: describeError(err) }, 'ffmpeg pipe error');
    child.stdout?.on('error', onPipeError);
    child.stderr?.on('error', onPipeError);
    for (const [fd, onChunk] of this.handlers.pipes ?? []) {
      const pipe = child.stdio?.[fd] as Readable | null | undefined;
      pipe?.on('data', (chunk: Buffer) => onChunk(chunk));
      pipe?.on('error', onPipeError);
    }
    child.on('error', (err) => {
      // Node puts the argv (with the URL's credentials) on spawn errors: keep the message only.
      this.failure ??= `cannot run ffmpeg: ${describeError(err)}`;
    });
    child.on('exit', () => this.markExited());
    // 'close' comes after 'exit' once stdout is drained, so the last frames are not lost;
    // a spawn that failed (ENOENT) gets 'close' without 'exit'.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      this.markExited();
      this.markClosed();
      this.handlers.closed({ code, signal, failure: this.failure });
    });
  }

  private armWatchdog(): void {
    const { clock, stallTimeoutMs } = this.deps;
    // Every frame re-arms it: refreshing keeps the one timer instead of making a new one.
    if (this.stallTimer !== null) {
      clock.refreshTimeout(this.stallTimer);
      return;
    }
    this.stallTimer = clock.setTimeout(() => {
      this.stallTimer = null;
      if (this.exited || this.terminating) return;
      const reason = this.sawFrame
        ? `stalled: no frame for ${stallTimeoutMs} ms`
        : `stalled: no frame within ${stallTimeoutMs} ms of starting ffmpeg`;
      this.handlers.stalled(reason);
      this.killStalled(reason);
    }, stallTimeoutMs);
  }

  /**
   * A stalled ffmpeg gets SIGKILL at once, not SIGTERM and a grace: it sits in a blocking
   * read, where ffmpeg takes a first SIGTERM as a request to finish gracefully that it only
   * acts on once data flows again (it interrupts I/O from the second signal on), and it has
   * no frames left to flush. Waiting out the grace would only delay the restart.
   */
  private killStalled(reason: string): void {
    if (this.child === null || this.terminating || this.exited) return;
    this.failure ??= reason;
    this.terminating = true;
    this.child.stdout?.resume();
    this.signalGroup('SIGKILL');
  }

  private markExited(): void {
    this.exited = true;
    const { clock } = this.deps;
    if (this.stallTimer !== null) clock.clearTimeout(this.stallTimer);
    if (this.killTimer !== null) clock.clearTimeout(this.killTimer);
    this.stallTimer = null;
    this.killTimer = null;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    // After exit the pid (and group id) may already belong to another process.
    const pid = this.pid;
    if (pid === undefined || this.exited) return;
    try {
      this.deps.kill(-pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') {
        this.deps.log.warn({ error: describeError(err), signal }, 'cannot signal ffmpeg');
      }
    }
  }
}

/** An error's message, credentials removed, for logs and state reasons. */
export function describeError(err: unknown): string {
  return redactCredentials(err instanceof Error ? err.message : String(err));
}

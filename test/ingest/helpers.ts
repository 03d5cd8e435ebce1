import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FrameSink } from '../../src/buffer/frameSink.js';
import type { CameraConfig, SourceConfig } from '../../src/config/types.js';
import type { FrameSource, SourceState } from '../../src/ingest/index.js';

export function sourceConfig(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    kind: 'rtsp',
    url: 'rtsp://127.0.0.1:8554/cam',
    realtime: false,
    loop: false,
    v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
    inputArgs: [],
    hwaccel: 'none',
    ...overrides,
  };
}

export function cameraConfig(
  source: Partial<SourceConfig> = {},
  stallTimeoutMs = 10_000,
): CameraConfig {
  return {
    name: 'cam1',
    enabled: true,
    source: sourceConfig(source),
    stallTimeoutMs,
    labels: [],
    head: '',
    modelLabels: true,
    motion: { enabled: true, threshold: 20, minArea: 0.005, holdMs: 5000, masks: [] },
    regions: [],
    wholeFrame: true,
    record: { enabled: false, preCaptureS: 5, postCaptureS: 5, segmentS: 1, mode: 'auto' },
  };
}

/** Keeps a copy of every committed frame and its time. */
export class ArraySink implements FrameSink {
  readonly frames: Uint8Array[] = [];
  readonly timesMs: number[] = [];
  slotsTaken = 0;
  private readonly slot: Uint8Array;

  constructor(readonly frameBytes: number) {
    this.slot = new Uint8Array(frameBytes);
  }

  nextSlot(): Uint8Array {
    this.slotsTaken += 1;
    return this.slot;
  }

  commit(timeMs: number): void {
    this.frames.push(this.slot.slice());
    this.timesMs.push(timeMs);
  }
}

/** Enough of a ChildProcess for FrameSource: pid, pipes and exit/close events. */
export class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exited = false;

  constructor(readonly pid: number) {
    super();
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
    this.stdout.end();
    this.stderr.end();
    this.emit('close', code, signal);
  }
}

export interface SpawnCall {
  command: string;
  args: string[];
  options: SpawnOptions;
  child: FakeChild;
}

export function fakeSpawner(): {
  calls: SpawnCall[];
  spawn: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
} {
  const calls: SpawnCall[] = [];
  const spawn = (command: string, args: string[], options: SpawnOptions) => {
    const child = new FakeChild(1000 + calls.length);
    calls.push({ command, args, options, child });
    return child as unknown as ChildProcess;
  };
  return { calls, spawn };
}

/** Lets stream 'data' events queued by writes reach their listeners. */
export function flushIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts a source on a file that is read once and resolves when it has gone offline (its end). */
export function runToEnd(source: FrameSource): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    source.on('state', (state: SourceState) => {
      if (state === 'offline') resolve();
    });
  });
  source.start();
  return ended;
}

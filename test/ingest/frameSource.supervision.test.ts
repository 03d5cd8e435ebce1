import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/types.js';
import {
  FrameSource,
  frameBytesFor,
  type SourceState,
  type SourceStateDetail,
} from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ManualClock } from '../helpers/manualClock.js';
import { ArraySink, cameraConfig, fakeSpawner, flushIo } from './helpers.js';

const output = { cropSize: 4, resizeShortSide: 4, fps: 7.5, scaleFlags: 'bilinear' };
const frameBytes = frameBytesFor(output.cropSize);
/** One 'state' event as seen by a listener. */
type SeenState = { state: SourceState } & SourceStateDetail;

const backoff = { initialMs: 100, maxMs: 400, factor: 2, jitter: 0, resetAfterMs: 5000 };

function setup(source: Partial<SourceConfig> = {}, stallTimeoutMs = 2000) {
  const timers = new ManualClock(1_700_000_000_000);
  const spawner = fakeSpawner();
  const kills: { pid: number; signal: NodeJS.Signals }[] = [];
  const sink = new ArraySink(frameBytes);
  const states: SeenState[] = [];
  const frameSource = new FrameSource({
    camera: cameraConfig(source, stallTimeoutMs),
    output,
    ffmpegPath: '/usr/bin/ffmpeg',
    sink,
    logger: silentLogger(),
    spawn: spawner.spawn,
    kill: (pid, signal) => {
      kills.push({ pid, signal });
    },
    clock: timers,
    backoff,
    killGraceMs: 3000,
  });
  frameSource.on('state', (state, detail) => states.push({ state, ...detail }));
  const child = (n: number) => {
    const call = spawner.calls[n];
    if (call === undefined) throw new Error(`no spawn #${n}`);
    return call.child;
  };
  return { timers, spawner, kills, sink, states, frameSource, child };
}

describe('FrameSource supervision', () => {
  it('spawns the argv array without a shell, in its own process group', () => {
    const { spawner, frameSource, states } = setup();
    frameSource.start();
    expect(spawner.calls).toHaveLength(1);
    const call = spawner.calls[0];
    expect(call?.command).toBe('/usr/bin/ffmpeg');
    expect(call?.args).toContain('rtsp://127.0.0.1:8554/cam');
    expect(call?.options).toEqual({ detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(call?.options.shell).toBeUndefined();
    expect(states.map((s) => s.state)).toEqual(['starting']);
  });

  it('restarts after exits with delays that grow and cap', () => {
    const { timers, spawner, frameSource, states, child } = setup();
    frameSource.start();
    const delays: number[] = [];
    for (let n = 0; n < 5; n += 1) {
      child(n).stderr.write(`run ${n}: Connection refused\n`);
      child(n).exit(1);
      const last = states.at(-1);
      expect(last?.state).toBe('reconnecting');
      delays.push(last?.retryInMs ?? -1);
      timers.advance((last?.retryInMs ?? 0) - 1);
      expect(spawner.calls).toHaveLength(n + 1);
      timers.advance(1);
      expect(spawner.calls).toHaveLength(n + 2);
    }
    expect(delays).toEqual([100, 200, 400, 400, 400]);
    expect(frameSource.stats().restarts).toBe(5);
  });

  it('reports the exit and the redacted stderr tail of a failed run', async () => {
    const { frameSource, states, child } = setup({ url: 'rtsp://admin:hunter 2@10.0.0.9/live' });
    frameSource.start();
    child(0).stderr.write('rtsp://admin:hunter 2@10.0.0.9/live: Connection refused\n');
    await flushIo();
    child(0).exit(1);
    expect(states.at(-1)).toEqual({
      state: 'reconnecting',
      // ffmpeg's own last error line says why; the exit code alone would not.
      reason: 'ffmpeg exited with code 1: rtsp://***@10.0.0.9/live: Connection refused',
      stderrTail: ['rtsp://***@10.0.0.9/live: Connection refused'],
      retryInMs: 100,
    });
  });

  it('goes online on the first frame and keeps the stall watchdog quiet while frames flow', async () => {
    const { timers, frameSource, states, kills, sink, child } = setup();
    frameSource.start();
    for (let k = 0; k < 5; k += 1) {
      timers.advance(1500);
      child(0).stdout.write(Buffer.alloc(frameBytes, k));
      await flushIo();
    }
    expect(kills).toEqual([]);
    expect(states.map((s) => s.state)).toEqual(['starting', 'online']);
    expect(sink.frames.map((f) => f[0])).toEqual([0, 1, 2, 3, 4]);
    // Live source: frames arrive far slower than 7.5 fps here, so the estimated capture time
    // trails arrival by the most LiveFrameClock allows, the stall timeout (2 s).
    expect(sink.timesMs.at(-1)).toBe(timers.nowMs - 2000);
    expect(frameSource.stats()).toMatchObject({
      framesIn: 5,
      lastFrameAtMs: timers.nowMs,
      running: true,
    });
  });

  it('kills the process group of a stalled ffmpeg with SIGKILL at once, then restarts', async () => {
    const { timers, spawner, frameSource, states, kills, child } = setup();
    frameSource.start();
    child(0).stdout.write(Buffer.alloc(frameBytes));
    await flushIo();
    timers.advance(1999);
    expect(kills).toEqual([]);
    timers.advance(1);
    // A stalled ffmpeg would sit out SIGTERM's grace in its blocking read.
    expect(kills).toEqual([{ pid: -1000, signal: 'SIGKILL' }]);
    timers.advance(5000);
    expect(kills).toHaveLength(1);
    child(0).exit(null, 'SIGKILL');
    expect(states.at(-1)).toMatchObject({
      state: 'reconnecting',
      reason: 'stalled: no frame for 2000 ms',
    });
    expect(frameSource.stats()).toMatchObject({ stalls: 1, running: false });
    timers.advance(100);
    expect(spawner.calls).toHaveLength(2);
  });

  it('treats a run that never sends a frame as stalled', () => {
    const { timers, frameSource, states, kills, child } = setup();
    frameSource.start();
    timers.advance(2000);
    expect(kills).toEqual([{ pid: -1000, signal: 'SIGKILL' }]);
    child(0).exit(null, 'SIGKILL');
    expect(states.at(-1)?.reason).toBe('stalled: no frame within 2000 ms of starting ffmpeg');
  });

  it('starts the backoff over after a long healthy run', async () => {
    const { timers, frameSource, states, child } = setup({}, 60_000);
    frameSource.start();
    child(0).exit(1);
    timers.advance(100);
    child(1).exit(1);
    expect(states.at(-1)?.retryInMs).toBe(200);
    timers.advance(200);
    child(2).stdout.write(Buffer.alloc(frameBytes));
    await flushIo();
    timers.advance(5000);
    child(2).exit(0);
    expect(states.at(-1)?.retryInMs).toBe(100);
  });

  it('stops: SIGTERM to the group, resolves once ffmpeg exited, restarts no more', async () => {
    const { timers, spawner, frameSource, states, kills, child } = setup();
    frameSource.start();
    const stopped = frameSource.stop();
    expect(kills).toEqual([{ pid: -1000, signal: 'SIGTERM' }]);
    let resolved = false;
    void stopped.then(() => {
      resolved = true;
    });
    await flushIo();
    expect(resolved).toBe(false);
    // SIGKILL only if SIGTERM's grace (3 s here) runs out.
    timers.advance(2999);
    expect(kills).toHaveLength(1);
    timers.advance(1);
    expect(kills).toEqual([
      { pid: -1000, signal: 'SIGTERM' },
      { pid: -1000, signal: 'SIGKILL' },
    ]);
    child(0).exit(null, 'SIGKILL');
    await stopped;
    expect(states.at(-1)).toEqual({ state: 'offline', reason: 'stopped' });
    timers.advance(60_000);
    expect(spawner.calls).toHaveLength(1);
    expect(frameSource.stats().running).toBe(false);
  });

  it('stops while waiting to restart without spawning again', async () => {
    const { timers, spawner, frameSource, states, child } = setup();
    frameSource.start();
    child(0).exit(1);
    await frameSource.stop();
    timers.advance(60_000);
    expect(spawner.calls).toHaveLength(1);
    expect(states.map((s) => s.state)).toEqual(['starting', 'reconnecting', 'offline']);
  });

  it('ends a file without loop at exit 0 and does not restart it', async () => {
    const { timers, spawner, frameSource, states, sink, child } = setup({
      kind: 'file',
      url: '/clip.mp4',
    });
    frameSource.start();
    const startMs = timers.nowMs;
    child(0).stdout.write(Buffer.alloc(frameBytes * 3));
    await flushIo();
    child(0).exit(0);
    expect(states.at(-1)).toEqual({ state: 'offline', reason: 'end of file' });
    // File source: media time from the start of the run, not arrival time.
    expect(sink.timesMs).toEqual([startMs, startMs + 1000 / 7.5, startMs + 2000 / 7.5]);
    timers.advance(60_000);
    expect(spawner.calls).toHaveLength(1);
  });

  it('restarts a looping file that exited, even with code 0', () => {
    const { frameSource, states, child } = setup({ kind: 'file', url: '/clip.mp4', loop: true });
    frameSource.start();
    child(0).exit(0);
    expect(states.at(-1)).toMatchObject({
      state: 'reconnecting',
      reason: 'ffmpeg exited with code 0',
    });
  });

  it('survives a spawn that throws and a listener that throws', () => {
    const timers = new ManualClock();
    const frameSource = new FrameSource({
      camera: cameraConfig(),
      output,
      ffmpegPath: '/usr/bin/ffmpeg',
      sink: new ArraySink(frameBytes),
      logger: silentLogger(),
      spawn: () => {
        throw new Error('spawn EMFILE');
      },
      clock: timers,
      backoff,
    });
    const reasons: (string | undefined)[] = [];
    frameSource.on('state', (_state, detail) => {
      reasons.push(detail.reason);
      throw new Error('listener bug');
    });
    expect(() => frameSource.start()).not.toThrow();
    expect(() => timers.advance(100)).not.toThrow();
    expect(reasons).toEqual([
      undefined,
      'cannot start ffmpeg: spawn EMFILE',
      'cannot start ffmpeg: spawn EMFILE',
    ]);
  });

  it('refuses a sink whose frame size does not match the crop', () => {
    const frameSource = new FrameSource({
      camera: cameraConfig(),
      output,
      ffmpegPath: '/usr/bin/ffmpeg',
      sink: new ArraySink(10),
      logger: silentLogger(),
    });
    expect(() => frameSource.start()).toThrow('sink.frameBytes is 10, but cropSize 4 gives 48');
  });
});

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/types.js';
import {
  FrameSource,
  type FrameSourceOptions,
  frameBytesFor,
  type SourceState,
  type SourceStateDetail,
} from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { noiseBytes } from '../helpers/noise.js';
import { RESOLUTION_CHANGE_CLIP, writeResolutionChangeClip } from '../helpers/resolutionChange.js';
import { ArraySink, cameraConfig } from './helpers.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const armWrestling = resolve(repoRoot, '../shared/clips/arm_wrestling.mp4');
const ffmpegPath = '/usr/bin/ffmpeg';
const workDir = mkdtempSync(join(tmpdir(), 'aw-ingest-'));
const sources: FrameSource[] = [];

/** One 'state' event as seen by a listener. */
type SeenState = { state: SourceState } & SourceStateDetail;

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function realSource(
  source: Partial<SourceConfig>,
  output: FrameSourceOptions['output'],
  extra: Partial<FrameSourceOptions> = {},
) {
  const sink = new ArraySink(frameBytesFor(output.cropSize));
  const pids: number[] = [];
  const states: SeenState[] = [];
  const frameSource = new FrameSource({
    camera: cameraConfig({ kind: 'file', ...source }, 10_000),
    output,
    ffmpegPath,
    sink,
    logger: silentLogger(),
    spawn: (command, args, options) => {
      const child: ChildProcess = spawn(command, args, options);
      if (child.pid !== undefined) pids.push(child.pid);
      return child;
    },
    ...extra,
  });
  frameSource.on('state', (state, detail) => states.push({ state, ...detail }));
  sources.push(frameSource);
  return { frameSource, sink, pids, states };
}

function nextState(frameSource: FrameSource, wanted: SourceState): Promise<SeenState> {
  return new Promise((done) => {
    const listener = (state: SourceState, detail: SourceStateDetail) => {
      if (state !== wanted) return;
      frameSource.off('state', listener);
      done({ state, ...detail });
    };
    frameSource.on('state', listener);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('FrameSource with a real ffmpeg', () => {
  it('reads a clip at 7.5 fps in media time, frame by frame, to the end', async () => {
    const output = { cropSize: 64, resizeShortSide: 72, fps: 7.5, scaleFlags: 'bilinear' };
    const { frameSource, sink, states } = realSource({ url: armWrestling }, output);
    const ended = nextState(frameSource, 'offline');
    frameSource.start();
    expect(await ended).toEqual({ state: 'offline', reason: 'end of file' });

    // 280 frames at 28 fps = 10 s → 75 samples at 7.5 fps.
    expect(sink.frames.length).toBeGreaterThanOrEqual(74);
    expect(sink.frames.length).toBeLessThanOrEqual(76);
    for (const frame of sink.frames) expect(frame.length).toBe(64 * 64 * 3);
    const gapsMs = sink.timesMs.slice(1).map((t, k) => t - (sink.timesMs[k] ?? 0));
    // Epoch ms as doubles resolve to about 0.0002 ms.
    for (const gapMs of gapsMs) expect(gapMs).toBeCloseTo(1000 / 7.5, 3);
    // Real picture content, not a constant: some spread of byte values in a middle frame.
    const middle = sink.frames[37] ?? new Uint8Array();
    expect(Math.max(...middle) - Math.min(...middle)).toBeGreaterThan(50);
    expect(states.map((s) => s.state)).toEqual(['starting', 'online', 'offline']);
    expect(frameSource.stats()).toMatchObject({
      framesIn: sink.frames.length,
      restarts: 0,
      running: false,
    });
  });

  it('samples the frame at or before each k/7.5 s, as torchvision does', async () => {
    // 50 frames at 28 fps whose gray level encodes the frame number: 16 + 4n.
    const clip = join(workDir, 'ramp.mkv');
    execFileSync(ffmpegPath, [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', "nullsrc=s=64x48:r=28,format=gray,geq=lum='16+4*N'"],
      ...['-frames:v', '50', '-c:v', 'ffv1', '-pix_fmt', 'gray', clip],
    ]);
    const output = { cropSize: 16, resizeShortSide: 32, fps: 7.5, scaleFlags: 'bilinear' };
    const { frameSource, sink } = realSource({ url: clip }, output);
    const ended = nextState(frameSource, 'offline');
    frameSource.start();
    await ended;
    const picked = sink.frames.map((frame) => ((frame[0] ?? 0) - 16) / 4);
    const reference = Array.from({ length: 14 }, (_, k) => Math.floor((k * 28) / 7.5));
    expect(picked).toEqual(reference);
  });

  describe('a stream whose picture size changes half-way', () => {
    const output = { cropSize: 32, resizeShortSide: 32, fps: 7.5, scaleFlags: 'bilinear' };
    let clip: string;
    let server: Server | null = null;
    afterEach(async () => {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      server = null;
    });

    it('gives every frame of a file, before and after the change', async () => {
      clip = writeResolutionChangeClip(workDir, ffmpegPath);
      const { frameSource, sink } = realSource({ url: clip }, output);
      const ended = nextState(frameSource, 'offline');
      frameSource.start();
      expect(await ended).toEqual({ state: 'offline', reason: 'end of file' });
      expect(sink.frames.length).toBe(RESOLUTION_CHANGE_CLIP.sampledFrames);
    });

    it('gives every frame of a live stream, before and after the change', async () => {
      clip ??= writeResolutionChangeClip(workDir, ffmpegPath);
      // Served over HTTP on 127.0.0.1: a live source kind, without a camera to change.
      server = createServer((_req, res) => createReadStream(clip).pipe(res));
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/cam.ts`;
      const { frameSource, sink } = realSource({ kind: 'http', url }, output);
      // A live stream that ends is a failure to the source; count what came before it.
      const ended = new Promise<number>((resolve) =>
        frameSource.on('state', (state) => state === 'reconnecting' && resolve(sink.frames.length)),
      );
      frameSource.start();
      expect(await ended).toBe(RESOLUTION_CHANGE_CLIP.sampledFrames);
    });
  });

  it('restarts ffmpeg that fails on garbage, reporting why, and stop leaves no child', async () => {
    const garbage = join(workDir, 'garbage.mp4');
    writeFileSync(garbage, noiseBytes(64 * 1024));
    const output = { cropSize: 16, resizeShortSide: 16, fps: 7.5, scaleFlags: 'bilinear' };
    const backoff = { initialMs: 50, maxMs: 200, factor: 2, jitter: 0, resetAfterMs: 60_000 };
    const { frameSource, pids } = realSource({ url: garbage }, output, { backoff });
    const failed = nextState(frameSource, 'reconnecting');
    frameSource.start();
    const event = await failed;
    expect(event.reason).toMatch(/^ffmpeg exited with code [1-9]/);
    expect(event.stderrTail?.join('\n')).toMatch(/Invalid data found when processing input/);
    await nextState(frameSource, 'reconnecting');
    expect(frameSource.stats().restarts).toBeGreaterThanOrEqual(1);
    await frameSource.stop();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('keeps retrying an ffmpeg binary that does not exist, saying so', async () => {
    const output = { cropSize: 16, resizeShortSide: 16, fps: 7.5, scaleFlags: 'bilinear' };
    const backoff = { initialMs: 20, maxMs: 20, factor: 2, jitter: 0, resetAfterMs: 60_000 };
    const { frameSource } = realSource({ url: armWrestling }, output, {
      backoff,
      ffmpegPath: join(workDir, 'no-such-ffmpeg'),
    });
    const failed = nextState(frameSource, 'reconnecting');
    frameSource.start();
    expect((await failed).reason).toMatch(/^cannot run ffmpeg: spawn .*no-such-ffmpeg ENOENT$/);
    await nextState(frameSource, 'reconnecting');
    await frameSource.stop();
    expect(frameSource.state).toBe('offline');
  });

  it('stops a running ffmpeg with SIGTERM well within the grace', async () => {
    const output = { cropSize: 16, resizeShortSide: 16, fps: 7.5, scaleFlags: 'bilinear' };
    const source = { url: armWrestling, realtime: true, loop: true };
    const { frameSource, pids, states } = realSource(source, output);
    const online = nextState(frameSource, 'online');
    frameSource.start();
    await online;
    const [pid] = pids;
    expect(pid !== undefined && isAlive(pid)).toBe(true);
    const stopStartedMs = Date.now();
    await frameSource.stop();
    expect(Date.now() - stopStartedMs).toBeLessThan(2000);
    expect(pid !== undefined && isAlive(pid)).toBe(false);
    expect(states.at(-1)).toEqual({ state: 'offline', reason: 'stopped' });
    expect(frameSource.stats().running).toBe(false);
  });
});

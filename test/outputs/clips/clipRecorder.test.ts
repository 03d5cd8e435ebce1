import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraConfig, ClipsConfig } from '../../../src/config/index.js';
import { type ClipReference, ResultBus, systemClock } from '../../../src/core/index.js';
import { FrameSource, frameBytesFor, spawnDyingWithParent } from '../../../src/ingest/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { ClipRecorder } from '../../../src/outputs/clips/index.js';
import type { ActionEvent } from '../../../src/recognize/index.js';
import { waitFor } from '../../helpers/waitFor.js';
import { ArraySink, cameraConfig } from '../../ingest/helpers.js';
import { makeCameraVideo, probeClip, startsAtKeyframeBefore } from './support.js';

const WINDOW_MS = 2133;
const PRE_S = 2;
const POST_S = 1;
/** The test video's keyframe interval: 15 frames at 15 fps. */
const KEYFRAME_INTERVAL_MS = 1000;

/**
 * A real ffmpeg on a file camera (read in real time, looped) recording segments through the
 * clip recorder, events handed to it as recognition would: clips cut by stream copy, the
 * size budget, and the free-space floor pausing and resuming recording.
 */
describe('ClipRecorder with a real ffmpeg camera', () => {
  let dir: string;
  let camera: CameraConfig;
  let clips: ClipsConfig;
  let recorder: ClipRecorder;
  let source: FrameSource;
  let sink: ArraySink;
  let freeBytes = 10 ** 12;
  const spawned: string[][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-clips-'));
    const video = path.join(dir, 'camera.mp4');
    await makeCameraVideo(video);
    camera = {
      ...cameraConfig({ kind: 'file', url: video, realtime: true, loop: true }),
      record: {
        enabled: true,
        preCaptureS: PRE_S,
        postCaptureS: POST_S,
        segmentS: 1,
        mode: 'auto',
      },
    };
    clips = {
      dir: path.join(dir, 'clips'),
      maxAgeHours: 1,
      maxBytes: 10 ** 9,
      minFreeBytes: 1000,
      cacheMaxBytes: 64 * 1024 * 1024,
      readyTimeoutS: 20,
      baseUrl: 'http://nvr.test',
    };
    const logger = silentLogger();
    recorder = new ClipRecorder({
      cameras: [camera],
      clips,
      cacheDir: path.join(dir, 'cache'),
      ffmpegPath: 'ffmpeg',
      announceDelayMs: 0,
      bus: new ResultBus(logger),
      clock: systemClock,
      logger,
      freeSpace: async () => freeBytes,
    });
    sink = new ArraySink(frameBytesFor(32));
    source = new FrameSource({
      camera,
      output: { cropSize: 32, resizeShortSide: 32, fps: 7.5, scaleFlags: 'bilinear' },
      ffmpegPath: 'ffmpeg',
      sink,
      logger,
      recording: recorder.outputFor(camera.name),
      spawn: (command, args, options) => {
        spawned.push(args);
        return spawnDyingWithParent(command, args, options);
      },
    });
    await recorder.start();
    source.start();
  });

  afterAll(async () => {
    await source?.stop();
    await recorder?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** An event whose first window ended `agoMs` before the newest frame, lasting `lengthMs`. */
  function eventEnding(agoMs: number, lengthMs: number, label: string): ActionEvent {
    const startMs = (sink.timesMs.at(-1) as number) - agoMs;
    return {
      id: `${camera.name}-${Math.round(startMs)}-${label}`,
      camera: camera.name,
      label,
      head: null,
      score: 0.9,
      topScore: 0.9,
      startMs,
      lastSeenMs: startMs + lengthMs,
      endMs: startMs + lengthMs,
      window: { startMs: startMs + lengthMs - WINDOW_MS, endMs: startMs + lengthMs },
    };
  }

  async function clipOf(event: ActionEvent): Promise<ClipReference> {
    const clip = await recorder.finish(event);
    expect(clip).not.toBeNull();
    return clip as ClipReference;
  }

  it('cuts an event clip from pre-capture to post-capture by stream copy', async () => {
    await waitFor(() => sink.timesMs.length >= 7.5 * 7, {
      timeoutMs: 30_000,
      what: '7 s of frames',
    });
    const event = eventEnding(1500, 1000, 'waving');
    const planned = recorder.planned(event);
    expect(planned).toMatchObject({ status: 'recording', endMs: null });
    expect(planned?.url).toMatch(/^http:\/\/nvr\.test\/api\/clips\/cam1\/.*\.mp4$/);
    const clip = await clipOf(event);
    const wantedStartMs = event.startMs - WINDOW_MS - PRE_S * 1000;
    const wantedEndMs = (event.endMs as number) + POST_S * 1000;
    expect(clip.status).toBe('ready');
    expect(clip.path).toBe(planned?.path);
    expect(clip.startMs).toBeGreaterThanOrEqual(wantedStartMs - KEYFRAME_INTERVAL_MS);
    expect(clip.endMs).toBeGreaterThanOrEqual(wantedEndMs - 1);
    const probed = await probeClip(clip.path);
    expect(startsAtKeyframeBefore(probed, clip.startMs, wantedStartMs)).toBe(true);
    expect(probed.keyframesS.slice(0, 2)).toEqual([0, 1]);
    expect(probed.codec).toBe('h264');
    expect(probed.firstFrame).toEqual({ key: true, ptsS: 0 });
    expect(probed.boxes.slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(Math.abs(probed.durationS * 1000 - (clip.durationMs as number))).toBeLessThan(100);
    // Frames at 15 fps over the reported span: nothing was dropped in the cut.
    expect(probed.frames).toBe(Math.round(((clip.durationMs as number) * 15) / 1000));
  });

  it('with a tiny size budget drops the oldest clips first', async () => {
    const first = recorder.library.list()[0];
    expect(first).toBeDefined();
    clips.maxBytes = Math.round((first?.bytes as number) * 1.5);
    const second = await clipOf(eventEnding(1500, 500, 'second'));
    expect(existsSync(first?.path as string)).toBe(false);
    expect(existsSync(second.path)).toBe(true);
    const third = await clipOf(eventEnding(1500, 500, 'third'));
    expect(existsSync(second.path)).toBe(false);
    expect(recorder.library.list().map((clip) => clip.path)).toEqual([third.path]);
    clips.maxBytes = 10 ** 9;
  });

  it('pauses recording below the free-space floor, recognition going on, and resumes', async () => {
    const cacheDir = path.join(dir, 'cache', camera.name);
    const runsBefore = new Set(readdirSync(cacheDir));
    const spawnsBefore = spawned.length;
    freeBytes = 10;
    await waitFor(() => recorder.paused, { timeoutMs: 15_000, what: 'recording paused' });
    expect(recorder.stats().paused).toBe(true);
    await waitFor(() => spawned.length > spawnsBefore, { what: 'ffmpeg restarted' });
    expect(spawned.at(-1)).not.toContain('segment');
    const framesWhilePaused = sink.timesMs.length;
    await waitFor(() => sink.timesMs.length > framesWhilePaused + 8, {
      timeoutMs: 15_000,
      what: 'frames while recording is paused',
    });
    expect(await recorder.finish(eventEnding(1500, 500, 'paused'))).toBeNull();

    freeBytes = 10 ** 12;
    await waitFor(() => !recorder.paused, { timeoutMs: 15_000, what: 'recording resumed' });
    await waitFor(() => spawned.at(-1)?.includes('segment'), { what: 'ffmpeg with segments' });
    await waitFor(() => newRunWithSegments(cacheDir, runsBefore), {
      timeoutMs: 15_000,
      what: 'segments of a new ffmpeg run',
    });
  });
});

function newRunWithSegments(cacheDir: string, before: ReadonlySet<string>): boolean {
  return readdirSync(cacheDir)
    .filter((run) => !before.has(run))
    .some((run) => readdirSync(path.join(cacheDir, run)).some((file) => file.endsWith('.ts')));
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { type CapturedMessage, captureMqtt } from '../helpers/mqttCapture.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';

const FRAME_MS = 1000 / 7.5;
const CLIP = 16;
const STRIDE = 8;
const workDir = mkdtempSync(join(tmpdir(), 'aw-motion-daemon-'));

/** 640x360 (16:9, as the daemon assumes for masks), 30 fps, H.264. */
function encode(name: string, filter: string, seconds: number): string {
  const file = join(workDir, name);
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
    ...['-filter_complex', filter, '-t', String(seconds), '-r', '30'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '30', file],
  ]);
  return file;
}

/** testsrc2's first frame, looped, with a camera's faint sensor noise: never motion. */
const STILL = 'trim=end_frame=1,loop=loop=-1:size=1,setpts=N/30/TB,noise=alls=10:allf=t';
/** A 64 px box moving left and right over the still picture, at x 220..380, y 150..214. */
const BOX = `[0:v]${STILL}[bg];color=c=red:s=64x64:r=30[box];[bg][box]overlay=x='220+48*(1+sin(3*t))':y=150:shortest=1`;
/** Covers the box's whole travel (x 0.34..0.59, y 0.42..0.59 of the frame) with a margin. */
const BOX_MASK = { x: 0.3, y: 0.33, width: 0.36, height: 0.36 };
/** Still, then testsrc2 moving from this time on. */
const STILL_MS = 5100;
const STILL_THEN_MOVING = `[0:v]split[a][b];[a]${STILL},trim=end=${STILL_MS / 1000}[s];[b]trim=start=${STILL_MS / 1000},setpts=PTS-STARTPTS[m];[s][m]concat=n=2:v=1`;

describe('motion gating in the daemon, on the tiny model', () => {
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let capture: Awaited<ReturnType<typeof captureMqtt>>;
  let daemon: DaemonProcess;
  let httpPort: number;

  beforeAll(async () => {
    const still = encode('still.mp4', `[0:v]${STILL}`, 4);
    const box = encode('box.mp4', BOX, 4);
    const wakes = encode('wakes.mp4', STILL_THEN_MOVING, 9);
    broker = await startMosquitto();
    httpPort = await freePort();
    capture = await captureMqtt(broker.url, 'mg/#');
    // hold_ms 0: the first window runs (a camera's first frame counts as motion), then only
    // windows with motion in them.
    const motion = { hold_ms: 0 };
    const camera = (name: string, url: string, loop: boolean, extra = {}) => ({
      name,
      source: { url, realtime: true, loop },
      motion: { ...motion, ...extra },
    });
    daemon = startDaemon(
      writeTempConfig({
        mqtt: { url: broker.url, prefix: 'mg' },
        http: { port: httpPort },
        model: { path: tinyModel, labels: labelsFile },
        recognition: { stride: STRIDE },
        cameras: [
          camera('still', still, true),
          camera('moving', box, true),
          camera('masked', box, true, { masks: [BOX_MASK] }),
          camera('wakes', wakes, false),
        ],
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
    rmSync(workDir, { recursive: true, force: true });
  });

  const actions = (camera: string) =>
    capture.messages.filter((m) => m.topic === `mg/${camera}/action`);
  const windows = (camera: string) => actions(camera).filter((m) => m.json().label !== null);
  const isIdle = (m: CapturedMessage) => m.json().motion === 'idle';
  const motionOf = async (camera: string) => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/cameras`);
    const cameras = (await response.json()) as Array<{ name: string; motion: unknown }>;
    return cameras.find((c) => c.name === camera)?.motion;
  };

  it('a still camera runs its first window only, then is idle; a moving one runs its windows', async () => {
    await waitFor(() => actions('still').some(isIdle), {
      timeoutMs: 30_000,
      what: 'the still camera going idle',
    });
    const idle = actions('still').find(isIdle) as CapturedMessage;
    expect(idle.retain).toBe(true);
    expect(idle.json()).toMatchObject({ camera: 'still', label: null, score: null, top_k: [] });
    // While the moving camera runs 6 more windows, the still one runs none.
    const movingBefore = windows('moving').length;
    await waitFor(() => windows('moving').length >= movingBefore + 6, {
      timeoutMs: 30_000,
      what: '6 more windows of the moving camera',
    });
    expect(windows('still')).toHaveLength(1);
    expect(actions('moving').some(isIdle)).toBe(false);
    expect(await motionOf('still')).toMatchObject({
      enabled: true,
      state: 'idle',
      windows_run: 1,
      windows_idle: expect.any(Number),
    });
    expect(((await motionOf('still')) as { windows_idle: number }).windows_idle).toBeGreaterThan(5);
    expect(await motionOf('moving')).toMatchObject({ state: 'active', windows_idle: 0 });
  });

  it('motion inside a masked rectangle does not wake a camera', async () => {
    await waitFor(() => actions('masked').some(isIdle), {
      timeoutMs: 30_000,
      what: 'the masked camera going idle',
    });
    const movingBefore = windows('moving').length;
    await waitFor(() => windows('moving').length >= movingBefore + 4, {
      timeoutMs: 30_000,
      what: '4 more windows of the same picture unmasked',
    });
    expect(windows('masked')).toHaveLength(1);
  });

  it('a change from still to moving runs the first window that holds the motion', async () => {
    await waitFor(() => windows('wakes').length >= 2, {
      timeoutMs: 30_000,
      what: 'the waking camera running a window after its first',
    });
    const all = actions('wakes');
    const first = all[0]?.json();
    const wake = windows('wakes')[1] as CapturedMessage;
    // Idle between its first window and the wake-up.
    expect(all.findIndex(isIdle)).toBeGreaterThan(0);
    expect(all.findIndex(isIdle)).toBeLessThan(all.indexOf(wake));
    // Frames of one ffmpeg run sit on the fps filter's grid: frame n starts n periods after
    // frame 0 (the first window's first frame).
    const frameOf = (iso: string) =>
      Math.round((Date.parse(iso) - Date.parse(first.window.start)) / FRAME_MS);
    const wakeEnd = frameOf(wake.json().window.start) + CLIP - 1;
    const firstMovingFrame = Math.ceil(STILL_MS / FRAME_MS);
    // The window holds the first moving frame (the one before it is compared against it) ...
    expect(wakeEnd).toBeGreaterThanOrEqual(firstMovingFrame - 1);
    // ... and is the first due window that could: within one stride of the motion.
    expect(wakeEnd).toBeLessThan(firstMovingFrame + STRIDE);
  });
});

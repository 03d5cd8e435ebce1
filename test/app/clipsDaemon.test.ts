import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import {
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { freePort } from '../helpers/ports.js';
import { type RtspServer, startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { makeCameraVideo, probeClip, startsAtKeyframeBefore } from '../outputs/clips/support.js';

const PRE_S = 2;
const POST_S = 2;
/** The tiny model's window: 16 frames at 7.5 fps. */
const WINDOW_MS = (16 / 7.5) * 1000;
const TOKEN = 'clip-token';

/**
 * Runs in the page (as text: the tests are compiled without the DOM's types): plays the clip
 * in a <video>, seeks to its middle and draws that frame on a canvas; the share of its pixels
 * that are far from black says a picture was drawn. `seeked` can come before the decoder has
 * the frame ready on a busy machine (a first draw is then black), so it draws again, for up to
 * ten seconds, until the picture is there.
 */
const PLAY_AND_DRAW_MIDDLE_FRAME = `async (url) => {
  const video = document.createElement('video');
  video.muted = true;
  video.src = url;
  document.body.append(video);
  await new Promise((resolve, reject) => {
    video.addEventListener('loadeddata', resolve, { once: true });
    video.addEventListener('error', () => reject(new Error('video error ' + video.error?.code)), { once: true });
  });
  video.currentTime = video.duration / 2;
  await new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  const litShare = () => {
    context.drawImage(video, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] > 60) lit++;
    return lit / (pixels.length / 4);
  };
  let share = litShare();
  for (let tries = 0; share <= 0.5 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    share = litShare();
  }
  return { readyState: video.readyState, durationS: video.duration, width: video.videoWidth, litShare: share };
}`;

interface ClipJson {
  status: string;
  path: string;
  url: string;
  start: string;
  end: string | null;
  duration_ms: number | null;
  bytes: number | null;
}
type Json = Record<string, unknown> & { clip?: ClipJson | null };

/**
 * The real daemon with a real RTSP camera (GStreamer, H.264) and a file camera recording
 * clips: detect OFF ends an event, its `end` carries the cut clip, checked with ffprobe
 * against the event's times; the RTSP camera dropping out mid-event still gives a valid,
 * shorter clip; the clips are listed and served with Range requests behind the API token, and
 * one plays in Debian's chromium (the browser the console tests use).
 * Thresholds are so low that the camera's one label always holds (random weights: plumbing).
 */
describe('event clips from the daemon', () => {
  let broker: Mosquitto;
  let rtsp: RtspServer;
  let capture: MqttCapture;
  let commands: MqttClient;
  let daemon: DaemonProcess;
  let dir: string;
  let httpPort: number;
  const json = (topic: string): Json[] =>
    capture.messages.filter((m) => m.topic === topic).map((m) => m.json() as Json);
  const events = (camera: string, type: string) =>
    json('cl/events').filter((e) => e.camera === camera && e.type === type);
  const detect = (camera: string, state: 'ON' | 'OFF') =>
    commands.publishAsync(`cl/${camera}/detect/set`, state, { qos: 1 });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-clips-daemon-'));
    const video = path.join(dir, 'door.mp4');
    await makeCameraVideo(video, { seconds: 30 });
    broker = await startMosquitto();
    rtsp = await startRtspServer({ path: 'yard' });
    capture = await captureMqtt(broker.url, 'cl/#');
    commands = await connectAsync(broker.url);
    httpPort = await freePort();
    const record = { enabled: true, pre_capture_s: PRE_S, post_capture_s: POST_S, segment_s: 1 };
    const camera = { labels: ['arm_wrestling'], motion: { enabled: false }, record };
    daemon = startDaemon(
      writeTempConfig({
        mqtt: { url: broker.url, prefix: 'cl' },
        model: { path: tinyModel, labels: labelsFile },
        recognition: { stride: 4, smoothing: { windows: 1 } },
        events: { enter_score: 0.0002, exit_score: 0.0001, min_duration_ms: 0, max_gap_ms: 3000 },
        alerts: [{ name: 'anything', min_score: 0, cooldown_ms: 3_600_000 }],
        http: { port: httpPort, token: TOKEN },
        clips: { min_free_bytes: 0 },
        state_dir: path.join(dir, 'state'),
        cameras: [
          { name: 'door', source: { url: video, realtime: true, loop: true }, ...camera },
          { name: 'yard', stall_timeout_ms: 4000, source: { url: rtsp.url }, ...camera },
        ],
      }),
    );
  });

  afterAll(async () => {
    await daemon?.stop();
    await commands?.endAsync();
    await capture?.close();
    await rtsp?.stop();
    await broker?.stop();
    removeTempConfigs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Switches the camera's detection off and returns the end of its event, clip and all. */
  async function eventEndedByDetectOff(camera: string): Promise<Json> {
    const ends = events(camera, 'end').length;
    await detect(camera, 'OFF');
    return waitFor(() => events(camera, 'end')[ends] as Json, {
      timeoutMs: 40_000,
      what: `${camera}: the end of its event`,
    });
  }

  async function newEvent(camera: string): Promise<void> {
    const before = events(camera, 'new').length;
    await detect(camera, 'ON');
    await waitFor(() => events(camera, 'new').length > before, {
      timeoutMs: 40_000,
      what: `${camera}: a new event`,
    });
  }

  async function expectClipCoversEvent(end: Json): Promise<void> {
    const clip = end.clip as ClipJson;
    expect(clip).toMatchObject({ status: 'ready', url: expect.stringMatching(/^\/api\/clips\//) });
    const wantedStartMs = Date.parse(end.start_time as string) - WINDOW_MS - PRE_S * 1000;
    const wantedEndMs = Date.parse(end.end_time as string) + POST_S * 1000;
    const said = JSON.stringify(end);
    const probed = await probeClip(clip.path);
    // The camera's keyframe interval is what it is on a busy machine (a live encoder drops
    // frames): the clip must start at the keyframe at or before the wanted start.
    expect(startsAtKeyframeBefore(probed, Date.parse(clip.start), wantedStartMs), said).toBe(true);
    expect(Date.parse(clip.end as string), said).toBeGreaterThanOrEqual(wantedEndMs - 2);
    expect(probed.codec).toBe('h264');
    expect(probed.firstFrame.key).toBe(true);
    expect(probed.boxes.slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(Math.abs(probed.durationS * 1000 - (clip.duration_ms as number))).toBeLessThan(150);
  }

  it('alerts name the clip being recorded; the end of the event carries it cut', async () => {
    for (const camera of ['door', 'yard']) {
      await waitFor(() => events(camera, 'new').length > 0, {
        timeoutMs: 60_000,
        what: `${camera}: first event`,
      });
    }
    await waitFor(() => json('cl/alerts').length >= 2, { timeoutMs: 30_000, what: 'alerts' });
    const first = await Promise.all(['door', 'yard'].map(eventEndedByDetectOff));
    for (const end of first) {
      const alert = json('cl/alerts').find((a) => a.event_id === end.id);
      expect(alert?.clip).toMatchObject({ status: 'recording', end: null, duration_ms: null });
      expect(end.clip).toMatchObject({ status: 'ready', path: alert?.clip?.path });
    }
  });

  it('a clip runs from pre-capture before the first window to post-capture after the end', async () => {
    await Promise.all(['door', 'yard'].map(newEvent));
    // An event of a few seconds, well inside the camera's recorded history.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ends = await Promise.all(['door', 'yard'].map(eventEndedByDetectOff));
    for (const end of ends) await expectClipCoversEvent(end);
  });

  it('the RTSP camera dropping out mid-event still gives a valid, shorter clip', async () => {
    await newEvent('yard');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ends = events('yard', 'end').length;
    await rtsp.stop();
    await waitFor(() => events('yard', 'end').length > ends, {
      timeoutMs: 60_000,
      what: 'yard: the end of the event the camera dropped out of',
    });
    const end = events('yard', 'end').at(-1) as Json;
    const clip = end.clip as ClipJson;
    expect(clip.status).toBe('ready');
    // Nothing was recorded after the drop: the clip stops short of end + post-capture.
    expect(Date.parse(clip.end as string)).toBeLessThan(
      Date.parse(end.end_time as string) + POST_S * 1000,
    );
    const probed = await probeClip(clip.path);
    expect(probed.firstFrame.key).toBe(true);
    expect(probed.frames).toBeGreaterThan(15);
    expect(Math.abs(probed.durationS * 1000 - (clip.duration_ms as number))).toBeLessThan(150);
  });

  it('lists each camera’s clips and serves them with Range requests behind the token', async () => {
    const base = `http://127.0.0.1:${httpPort}/api/clips`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${base}/door`)).status).toBe(401);
    const list = (await (await fetch(`${base}/door`, { headers: auth })).json()) as Json[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0]).toMatchObject({
      camera: 'door',
      label: 'arm wrestling',
      bytes: expect.any(Number),
    });
    const url = `http://127.0.0.1:${httpPort}${list[0]?.url}`;
    const whole = await fetch(url, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(list[0]?.bytes);
    const part = await fetch(url, { headers: { ...auth, range: 'bytes=8-15' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-15/${list[0]?.bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1', 0, 4)).toBe('isom');
    expect((await fetch(`${base}/door/..%2Fsecret.mp4`, { headers: auth })).status).toBe(404);
    const all = (await (await fetch(base, { headers: auth })).json()) as { cameras: object };
    expect(Object.keys(all.cameras).sort()).toEqual(['door', 'yard']);
  });
  it('a clip plays in chromium: it loads with its duration and draws a frame', async () => {
    const origin = `http://127.0.0.1:${httpPort}`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = (await (
      await fetch(`${origin}/api/clips/door`, { headers: auth })
    ).json()) as Json[];
    const clip = list[0] as Json;
    const browser = await launchChromium();
    try {
      // The token rides on every request of the page, the <video>'s range requests too.
      const context = await browser.newContext({ extraHTTPHeaders: auth });
      const page = await context.newPage();
      // A page of the daemon's own origin: the clip is same-origin, so its frame can be read.
      await page.goto(`${origin}/healthz`);
      const played = (await page.evaluate(
        `(${PLAY_AND_DRAW_MIDDLE_FRAME})(${JSON.stringify(clip.url)})`,
      )) as { readyState: number; durationS: number; width: number; litShare: number };
      expect(played.readyState).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA or more
      expect(Math.abs(played.durationS * 1000 - (clip.duration_ms as number))).toBeLessThan(150);
      expect(played.width).toBe(320);
      // testsrc's colour bars: most of a drawn frame is far from black.
      expect(played.litShare).toBeGreaterThan(0.5);
    } finally {
      await browser.close();
    }
  });
});

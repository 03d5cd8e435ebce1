import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FrameRing } from '../../../src/buffer/frameRing.js';
import { type FfmpegOutput, FrameSource, frameBytesFor } from '../../../src/ingest/index.js';
import { silentLogger } from '../../../src/log/index.js';
import {
  cropViewOf,
  DEFAULT_MOTION_SETTINGS,
  type MotionMask,
  MotionTap,
} from '../../../src/schedule/motion/index.js';
import { waitFor } from '../../helpers/waitFor.js';
import { cameraConfig } from '../../ingest/helpers.js';

const ffmpegPath = '/usr/bin/ffmpeg';
const workDir = mkdtempSync(join(tmpdir(), 'aw-motion-'));
const OUTPUT: FfmpegOutput = {
  cropSize: 224,
  resizeShortSide: 256,
  fps: 7.5,
  scaleFlags: 'bilinear',
};
const CLIP = 16;
const STRIDE = 8;
/** 12 s of frames at 7.5 fps: past the start-up hold, and past the 4 s still part of box.mp4. */
const FRAMES = 90;
const SIZE = { width: 640, height: 360 };
/** Where box.mp4's square moves (x 0.35..0.6, y 0.42..0.59 of the frame), with a margin. */
const BOX_AREA: MotionMask = { x: 0.31, y: 0.36, width: 0.34, height: 0.3 };
const sources: FrameSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function encode(name: string, inputs: string[], filter: string, seconds: number): string {
  const file = join(workDir, name);
  execFileSync(ffmpegPath, [
    ...['-hide_banner', '-loglevel', 'error', '-y', ...inputs],
    ...['-filter_complex', filter, '-t', String(seconds), '-r', '30'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60', file],
  ]);
  return file;
}

const PICTURE = `testsrc2=size=${SIZE.width}x${SIZE.height}:rate=30`;
/** A still picture with a camera's faint sensor noise: never motion. */
const STILL_FILTER =
  '[0:v]trim=end_frame=1,loop=loop=-1:size=1,setpts=N/30/TB,noise=alls=10:allf=t';

/** The real frame path: ffmpeg → FrameSource → FrameRing → MotionTap; windows as the scheduler makes them due. */
async function watch(file: string, masks: MotionMask[] = []) {
  const decisions: { endSeq: number; run: boolean }[] = [];
  const scores: number[] = [];
  const tap = new MotionTap({
    frameWidth: OUTPUT.cropSize,
    frameHeight: OUTPUT.cropSize,
    settings: { ...DEFAULT_MOTION_SETTINGS, holdMs: 2000, masks },
    view: cropViewOf(SIZE.width, SIZE.height, OUTPUT),
  });
  const ring: FrameRing = new FrameRing({
    frameBytes: frameBytesFor(OUTPUT.cropSize),
    capacity: CLIP + STRIDE,
    onCommit: (seq, timeMs) => {
      if (seq >= FRAMES) return;
      scores.push(tap.onFrame(ring.frameAt(seq), seq, timeMs));
      if (seq >= CLIP - 1 && (seq - (CLIP - 1)) % STRIDE === 0) {
        decisions.push({ endSeq: seq, run: tap.gate.admit(seq - CLIP + 1, seq) });
      }
    },
  });
  const source = new FrameSource({
    camera: cameraConfig({ kind: 'file', url: file, loop: true }),
    output: OUTPUT,
    ffmpegPath,
    sink: ring,
    logger: silentLogger(),
  });
  sources.push(source);
  source.start();
  await waitFor(() => ring.written >= FRAMES, { what: `${FRAMES} frames`, timeoutMs: 40_000 });
  return { decisions, scores, stats: tap.gate.stats() };
}

describe('motion on real decoded frames', () => {
  it('idles a still camera once its hold has passed and runs a moving one', async () => {
    const still = encode('still.mp4', ['-f', 'lavfi', '-i', PICTURE], STILL_FILTER, 4);
    const moving = encode('moving.mp4', ['-f', 'lavfi', '-i', PICTURE], '[0:v]null', 4);
    const quiet = await watch(still);
    const busy = await watch(moving);
    // Only the first window (start-up counts as motion) runs on the still camera.
    expect(quiet.decisions.filter((d) => d.run).map((d) => d.endSeq)).toEqual([15]);
    expect(quiet.stats).toMatchObject({ state: 'idle', windowsRun: 1, windowsIdle: 9 });
    expect(busy.decisions.every((d) => d.run)).toBe(true);
    expect(busy.stats).toMatchObject({ state: 'active', windowsRun: 10, windowsIdle: 0 });
  });

  it('wakes within one window when a still picture starts moving, unless the motion is masked', async () => {
    // Still for 4 s (frames 0..29 at 7.5 fps), then a square moves inside BOX_AREA.
    const square = "x='224+48+48*sin(t*6)':y=150:enable='gte(t,4)'";
    const filter = `${STILL_FILTER}[bg];[1:v][bg]scale2ref=64:64[box][bg2];[bg2][box]overlay=${square}`;
    const inputs = ['-f', 'lavfi', '-i', PICTURE, '-f', 'lavfi', '-i', 'color=c=red:s=64x64:r=30'];
    const file = encode('box.mp4', inputs, filter, 8);
    const open = await watch(file);
    const masked = await watch(file, [BOX_AREA]);
    // Frame 30 is the first with the square; the next window due ends at frame 31.
    expect(open.decisions.filter((d) => d.endSeq >= 23 && d.endSeq <= 39)).toEqual([
      { endSeq: 23, run: false },
      { endSeq: 31, run: true },
      { endSeq: 39, run: true },
    ]);
    expect(masked.decisions.filter((d) => d.run).map((d) => d.endSeq)).toEqual([15]);
  });
});

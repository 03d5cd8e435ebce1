import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliResult,
  cliPath,
  clipsDir,
  processesMatching,
  repoRoot,
  runCli,
  tinyModel,
} from '../helpers/daemonProcess.js';

const video = path.join(clipsDir, 'arm_wrestling.mp4');
const FRAME_MS = 1000 / 7.5;

function probe(file: string) {
  const json = execFileSync('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-count_frames'],
    ...['-show_entries', 'stream=codec_name,width,height,nb_read_frames:format=duration'],
    ...['-of', 'json', file],
  ]).toString();
  const parsed = JSON.parse(json);
  return { ...parsed.streams[0], duration: Number(parsed.format.duration) };
}

/** The frame at `seconds` as rgb24 bytes. */
function frameAt(file: string, seconds: number): Buffer {
  return execFileSync('ffmpeg', [
    ...['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ]);
}

function regionDifference(a: Buffer, b: Buffer, width: number, box: number[]): number {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0 * 3; x < x1 * 3; x++)
      sum += Math.abs(a[y * width * 3 + x]! - b[y * width * 3 + x]!);
  }
  return sum / ((x1 - x0) * (y1 - y0) * 3);
}

describe('actionwatch classify on a real clip', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-cli-'));
  // The subtitle script goes to a temporary folder; a name with filter-graph specials
  // (' : , [) proves it is escaped for ffmpeg.
  const oddTmp = path.join(scratch, "tmp 'a:b,c[d]'");
  const out = path.join(scratch, 'out');
  let result: CliResult;

  beforeAll(async () => {
    mkdirSync(oddTmp);
    result = await runCli(['classify', video, '--model', tinyModel, '--out', out], {
      TMPDIR: oddTmp,
    });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes an MP4 that ffprobe accepts, as long as the input, with every frame', () => {
    expect(result.stderr).not.toMatch(/actionwatch classify:/);
    expect(result.code).toBe(0);
    const input = probe(video);
    const annotated = probe(path.join(out, 'arm_wrestling.annotated.mp4'));
    expect(annotated).toMatchObject({ codec_name: 'h264', width: 340, height: 256 });
    expect(Math.abs(annotated.duration - input.duration) / input.duration).toBeLessThan(0.05);
    expect(Number(annotated.nb_read_frames)).toBe(Number(input.nb_read_frames));
  });

  it('draws the label in the top-left corner and leaves the rest of the picture alone', () => {
    const before = frameAt(video, 5);
    const after = frameAt(path.join(out, 'arm_wrestling.annotated.mp4'), 5);
    expect(regionDifference(before, after, 340, [4, 4, 150, 40])).toBeGreaterThan(20);
    // Re-encoding alone changes pixels only a little.
    expect(regionDifference(before, after, 340, [200, 150, 340, 256])).toBeLessThan(6);
  });

  it('writes a timeline of windows with top-k whose spans cover the clip', () => {
    const lines = readFileSync(path.join(out, 'arm_wrestling.timeline.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const windows = lines.filter((l) => l.type === 'window');
    const summary = lines.at(-1);
    expect(windows).toHaveLength(9);
    for (const [i, w] of windows.entries()) {
      expect(w).toMatchObject({
        index: i,
        random_weights: true,
        note: 'random weights — not a recognition',
      });
      expect(w.end_ms - w.start_ms).toBeCloseTo(16 * FRAME_MS, 0);
      expect(w.top_k).toHaveLength(5);
      expect(w.top_k[0]).toEqual({ label: w.label, score: w.score });
      expect(w.inference_ms).toBeGreaterThan(0);
      // Each window starts before the previous one ended: no gap anywhere.
      if (i > 0) expect(w.start_ms).toBeLessThan(windows[i - 1].end_ms);
    }
    expect(windows[0].start_ms).toBe(0);
    expect(windows.at(-1).end_ms).toBeGreaterThanOrEqual(summary.duration_ms - FRAME_MS);
    expect(summary).toMatchObject({
      type: 'summary',
      duration_ms: 10_000,
      windows: 9,
      frames_sampled: 75,
      stride: 8,
      model: { name: 'mvit_tiny', random_weights: true },
      note: 'random weights — not a recognition',
    });
    expect(result.stdout).toContain('NOTE: mvit_tiny has random weights — not a recognition');
  });
});

describe('actionwatch classify --json', () => {
  it('prints the timeline as JSON lines on stdout, a summary last, and no progress bar', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-json-'));
    try {
      const args = ['classify', video, '--model', tinyModel, '--out', out, '--json', '--no-video'];
      const { code, stdout, stderr } = await runCli([...args, '--stride', '16', '--top-k', '2']);
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((l) => l.type)).toEqual([...Array(5).fill('window'), 'summary']);
      expect(lines.slice(0, 4).map((l) => l.last_frame)).toEqual([15, 31, 47, 63]);
      expect(lines[4]).toMatchObject({ last_frame: 74, tail: true });
      expect(lines[0].top_k).toHaveLength(2);
      expect(lines.at(-1)).toMatchObject({ annotated: null, stride: 16 });
      expect(stderr).not.toContain('\x1b[');
      expect(existsSync(path.join(out, 'arm_wrestling.annotated.mp4'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('actionwatch classify errors', () => {
  it.each([
    [['classify', 'no-such.mp4'], 66, /no-such\.mp4: no such video file/],
    [
      ['classify', video, '--stride', '0'],
      64,
      /--stride must be an integer from 1 to 1024, got '0'/,
    ],
    [['classify', video, '--model', 'missing.onnx'], 78, /missing\.onnx: model file not found/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

/** The command's own messages on stderr, without the logger's JSON lines. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
}

describe('actionwatch classify leaves no output of a failed run', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-fail-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ['a file that is not a video', 'garbage.mp4', 1],
    ['a video shorter than one window', 'short.mp4', 1],
  ])('writes no timeline for %s', async (_what, name, code) => {
    const out = mkdtempSync(path.join(scratch, 'out-'));
    const input = path.join(scratch, name);
    if (name === 'garbage.mp4') writeFileSync(input, Buffer.alloc(4096, 7));
    else {
      execFileSync('ffmpeg', [
        ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1'],
        ...['-pix_fmt', 'yuv420p', input],
      ]);
    }
    const result = await runCli(['classify', input, '--model', tinyModel, '--out', out]);
    expect(result.code).toBe(code);
    expect(readdirSync(out)).toEqual([]);
  });

  it('says in one line that the output folder cannot be written, and exits 73', async () => {
    const notAFolder = path.join(scratch, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const out = path.join(notAFolder, 'out');
    const result = await runCli(['classify', video, '--model', tinyModel, '--out', out]);
    expect(result.code).toBe(73);
    expect(errorLines(result.stderr)).toEqual([
      `actionwatch classify: cannot create output folder ${out}: ENOTDIR: not a directory`,
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it.skipIf(process.getuid?.() === 0)('says so too for a folder without write access', async () => {
    const out = mkdtempSync(path.join(scratch, 'read-only-'));
    chmodSync(out, 0o555);
    const result = await runCli(['classify', video, '--model', tinyModel, '--out', out]);
    expect(result.code).toBe(73);
    expect(result.stderr).toMatch(
      /^actionwatch classify: cannot write .*: EACCES: permission denied\n$/,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('actionwatch classify interrupted', () => {
  it('stops ffmpeg on SIGINT, exits 130 and leaves no video behind', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'actionwatch-classify-int-'));
    try {
      // A path of its own, so that other tests' ffmpeg processes on the clip do not count.
      const own = path.join(out, 'own.mp4');
      symlinkSync(video, own);
      // --stride 1 makes 60 windows: the run is still going when the first one is out.
      const args = ['classify', own, '--model', tinyModel, '--out', out, '--json', '--stride', '1'];
      const child = spawn(process.execPath, [cliPath, ...args], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.once('data', () => child.kill('SIGINT'));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(130);
      expect(existsSync(path.join(out, 'own.annotated.mp4'))).toBe(false);
      expect(readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(await processesMatching(own)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

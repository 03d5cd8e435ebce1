import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineRoundPair } from '../../bench/pipeline.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const tinyModel = 'test/fixtures/tiny_mvit.onnx';
const outDir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-bench-test-'));

/** Runs `npm run bench -- <args>` as users do (build/ is built by the global setup). */
async function bench(args: string[]): Promise<{ stdout: string; json: Record<string, unknown> }> {
  const { stdout } = await run(
    process.execPath,
    ['build/bench/main.js', ...args, '--out', outDir],
    {
      cwd: repoRoot,
    },
  );
  const written = /wrote (\S+\.json)/.exec(stdout)?.[1];
  expect(written, stdout).toBeDefined();
  return { stdout, json: JSON.parse(readFileSync(written as string, 'utf8')) };
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// These check that the benches run end to end and report what they claim; never how fast.
describe('npm run bench', () => {
  it('model: bare onnxruntime against the engine, with the machine load beside it', async () => {
    const { stdout, json } = await bench([
      'model',
      '--model',
      tinyModel,
      '--runs',
      '2',
      '--warmup',
      '1',
      '--gemm-size',
      '64',
    ]);
    expect(stdout).toMatch(/bare onnxruntime .*\n.*InferenceEngine/);
    expect(stdout).toMatch(/GEMM 64x64 float32: \d+ .*GFLOP\/s/);
    expect(stdout).toMatch(/load average \(1 min\): \d/);
    expect(json).toMatchObject({
      provider: 'cpu',
      batch: 1,
      bare: { runs: 2 },
      engine: { runs: 2 },
    });
  });

  it('int8: speed side by side, agreement on held-out clips and the fused op types', async () => {
    const { stdout, json } = await bench([
      ...['int8', '--fp32', tinyModel, '--int8', 'test/fixtures/tiny_mvit_int8.onnx'],
      ...['--rounds', '2', '--runs', '1', '--stride', '32'],
    ]);
    expect(stdout).toMatch(/int8 clips\/s over fp32: median \d+\.\d+×/);
    expect(stdout).toMatch(/agreement on \d+ windows of flipping_pancake\.mkv, mpeg4_mp3\.avi/);
    expect(stdout).toContain('MatMulIntegerToFloat');
    expect(json).toMatchObject({
      speed: { rounds: [expect.any(Object), expect.any(Object)] },
      agreement: { top5Overlap: expect.any(Number) },
    });
  });

  it('pipeline: a file camera through ffmpeg, scheduler, engine and a real Mosquitto', async () => {
    const { stdout, json } = await bench([
      ...['pipeline', '--model', tinyModel, '--rounds', '1', '--windows', '2'],
      ...['--warmup-windows', '1', '--bare-runs', '1'],
    ]);
    expect(stdout).toContain('pipeline / model-only');
    const [round] = json.rounds as PipelineRoundPair[];
    expect(round?.pipeline.windows).toBeGreaterThanOrEqual(2);
    // Every window the pipeline published reached a subscriber on the broker.
    expect(json.delivered).toBe(json.published);
    expect(json.published).toBeGreaterThanOrEqual(3);
    expect(round?.pipeline.cameras[0]?.ffmpegCpu).toBeGreaterThan(0);
    expect(round?.pipeline.memory.rssMiB).toBeGreaterThan(0);
    expect(round?.pipeline.js.totalMs.runs).toBe(round?.pipeline.windows);
    // The bare runs beside the camera's own ffmpeg decoding to /dev/null.
    expect(round?.bareBesideDecode.runs).toBe(1);
    expect(round?.ratioBesideDecode).toBeGreaterThan(0);
  });

  it('capacity: still and moving cameras with gating off and on, on the tiny model', async () => {
    const { stdout, json } = await bench([
      ...['capacity', '--quick', '--cameras', '2', '--warmup-s', '2', '--measure-s', '2'],
    ]);
    expect(stdout).toMatch(/^2 \(1\) +off /m);
    expect(stdout).toMatch(/^2 \(1\) +on /m);
    const rows = json.rows as Array<{ gating: boolean; cpu: { median: number } }>;
    expect(rows.map((r) => r.gating)).toEqual([false, true]);
    expect(rows[0]?.cpu.median).toBeGreaterThan(0);
  });

  it('motion: the measure cost per frame for each luma plane', async () => {
    const { stdout, json } = await bench([
      ...['motion', '--rounds', '1', '--frames', '20', '--ffmpeg-rounds', '0'],
    ]);
    expect(stdout).toMatch(/ring 224x224 rgb24, step 4 \(56x56, default\) +\d+\.\d\d/);
    expect(json).toMatchObject({ ffmpeg: null });
    expect((json.measure as { perFrameUs: number[] }[]).map((m) => m.perFrameUs.length)).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it('refuses an unknown command, naming the ones it has', async () => {
    await expect(
      run(process.execPath, ['build/bench/main.js', 'warp'], { cwd: repoRoot }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("unknown bench command 'warp' (commands: model, pipeline"),
    });
    expect(readdirSync(outDir).every((f) => f.endsWith('.json'))).toBe(true);
  });
});

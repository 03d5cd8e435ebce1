#!/usr/bin/env node
/**
 * Stress check (not in CI, not in `npm test`): runs the built `actionwatch classify` again and
 * again while busy loops keep every core loaded, and counts the runs that failed. Under load
 * ffmpeg and inference interleave in ways an idle machine never shows (a crash of 8 in 80
 * runs at --stride 1 was found this way).
 *
 *   npm run build && node scripts/classify-stress.mjs [--runs 40] [--max-s 600] [--stride 1]
 *        [--video ../shared/clips/arm_wrestling.mp4] [--model test/fixtures/tiny_mvit.onnx]
 *        [--load <cores>] [--cli dist/cli/main.js]
 *
 * Stops after --runs runs or once --max-s seconds have passed, whichever comes first, and
 * prints one JSON line: runs, failures, and the first stderr line of each kind of failure.
 * Exits 1 when any run failed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    'max-s': { type: 'string', default: '600' },
    stride: { type: 'string', default: '1' },
    video: { type: 'string', default: path.resolve(root, '../shared/clips/arm_wrestling.mp4') },
    model: { type: 'string', default: path.join(root, 'test/fixtures/tiny_mvit.onnx') },
    load: { type: 'string', default: String(os.availableParallelism()) },
    cli: { type: 'string', default: path.join(root, 'dist/cli/main.js') },
  },
});
const deadlineMs = Date.now() + Number(values['max-s']) * 1000;

/** A busy loop per core: the load under which the crash showed. */
function startLoad(count) {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

function classifyOnce(outDir) {
  const args = [values.cli, 'classify', values.video, '--stride', values.stride];
  args.push('--model', values.model, '--out', outDir, '--json', '--no-video');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** What kind of failure a run was: its first line that names an error, else its exit. */
function failureKind({ code, signal, stderr }) {
  const line = stderr.split('\n').find((l) => /error|frame \d+ is not in the ring/i.test(l));
  return (line ?? `exit ${code ?? signal}`).slice(0, 200);
}

const load = startLoad(Number(values.load));
const outDir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-classify-stress-'));
const failures = new Map();
let runs = 0;
let failed = 0;
try {
  while (runs < Number(values.runs) && Date.now() < deadlineMs) {
    const result = await classifyOnce(outDir);
    runs += 1;
    if (result.code === 0) continue;
    failed += 1;
    const kind = failureKind(result);
    failures.set(kind, (failures.get(kind) ?? 0) + 1);
  }
} finally {
  for (const child of load) child.kill('SIGKILL');
  rmSync(outDir, { recursive: true, force: true });
}
const summary = { runs, failures: failed, stride: Number(values.stride), load: load.length };
console.log(JSON.stringify({ ...summary, kinds: Object.fromEntries(failures) }));
process.exitCode = failed > 0 ? 1 : 0;

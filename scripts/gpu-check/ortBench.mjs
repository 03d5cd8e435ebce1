// One model on one onnxruntime provider at several batch sizes: the bare session.run time, as
// `npm run bench -- model` measures it, without the daemon's modules (the GPU check carries
// only node and onnxruntime). Prints one JSON line per batch.
//   node ortBench.mjs ONNXRUNTIME_DIR MODEL PROVIDER BATCHES RUNS LABEL
import { createRequire } from 'node:module';
import path from 'node:path';

const [ortDir, modelPath, provider, batchList, runsText, label] = process.argv.slice(2);
const ort = createRequire(path.join(ortDir, 'package.json'))(ortDir);
const runs = Number(runsText);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Deterministic bytes, so every engine sees the same clips. */
function pseudoRandomBytes(length) {
  const bytes = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const session = await ort.InferenceSession.create(modelPath, {
  executionProviders: [provider],
  graphOptimizationLevel: 'all',
  enableMemPattern: false,
});
const [input] = session.inputMetadata;
for (const batch of batchList.split(',').map(Number)) {
  const dims = input.shape.map((d) => (typeof d === 'number' ? d : batch));
  const length = dims.reduce((a, b) => a * b, 1);
  const feeds = { [input.name]: new ort.Tensor('uint8', pseudoRandomBytes(length), dims) };
  // The first run compiles shaders and sizes buffers; it is no steady-state figure.
  await session.run(feeds);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await session.run(feeds);
    ms.push(performance.now() - started);
  }
  const runMs = median(ms);
  const row = { engine: label, batch, runs, runMsMedian: runMs, runMsMin: Math.min(...ms) };
  process.stdout.write(`${JSON.stringify({ ...row, msPerClip: runMs / batch })}\n`);
}
await session.release();

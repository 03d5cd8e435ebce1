import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { fixedFrames } from './fixedFrames.js';

/**
 * ms per clip that a uint8 model's own preprocessing nodes take (cast, normalize, transpose:
 * the export wrapper's nodes, named outside `/model/`), from onnxruntime's per-node
 * profile. Each node's fastest run counts, so other load on the machine hardly shows.
 */
export async function inGraphPreprocessMs(
  modelPath: string,
  clip: { frames: number; size: number },
  threads: number,
  runs: number,
): Promise<{ totalMs: number; nodes: Record<string, number> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-profile-'));
  try {
    const session = await InferenceSession.create(modelPath, {
      intraOpNumThreads: threads,
      graphOptimizationLevel: 'all',
      enableProfiling: true,
      profileFilePrefix: path.join(dir, 'profile'),
    });
    const dims = [1, clip.frames, clip.size, clip.size, 3];
    const input = new Tensor('uint8', fixedFrames(1, clip.frames, clip.size), dims);
    const name = session.inputNames[0] as string;
    for (let run = 0; run < runs; run++) await session.run({ [name]: input });
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir)[0];
    if (file === undefined) throw new Error(`${modelPath}: onnxruntime wrote no profile`);
    return wrapperNodeTimes(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
}

function wrapperNodeTimes(events: ProfileEvent[]) {
  const fastest = new Map<string, number>();
  for (const e of events) {
    // The wrapper's own nodes are '/Cast', '/Mul', ...; the network's are under '/model/',
    // and nodes that onnxruntime's fusions make are named without a leading '/'.
    const wrapperNode = e.name.startsWith('/') && !e.name.startsWith('/model/');
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !wrapperNode) continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    fastest.set(node, Math.min(fastest.get(node) ?? Number.POSITIVE_INFINITY, e.dur / 1000));
  }
  const nodes = Object.fromEntries(fastest);
  return { totalMs: [...fastest.values()].reduce((sum, ms) => sum + ms, 0), nodes };
}

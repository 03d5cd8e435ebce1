import type { InferenceSession } from 'onnxruntime-node';
import { defaultIntraOpThreads } from './cpuThreads.js';

/**
 * The onnxruntime session options the engine runs with, before the provider and any extra
 * options; the benches' bare sessions use them too, so that both sides of a ratio run alike.
 *
 * enableMemPattern is off: with it on, onnxruntime keeps a block sized for a whole run's
 * intermediate tensors beside its arena. MViT-B's process RSS after runs was 730 MiB with it
 * and 595 MiB without, at the same speed or better (`npm run bench -- sessions`, 7
 * interleaved rounds in two runs: median 710 ms a clip without, 720 ms with).
 *
 * Thread spinning is off: onnxruntime's pool threads otherwise busy-wait for the next operator's
 * work, holding both cores of a 2-core box while ffmpeg and the event loop wait for one. Side
 * by side on the shared 2-core VM (`npm run bench -- model --variants
 * bare,bare-spin-on,engine,engine-spin-on`), runs without spinning were faster: see README's
 * Benchmarks.
 *
 * @param threads intra-op threads; 0 = one per physical core (see cpuThreads.ts).
 */
export function engineSessionOptions(threads: number): InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    enableMemPattern: false,
    intraOpNumThreads: threads > 0 ? threads : defaultIntraOpThreads(),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

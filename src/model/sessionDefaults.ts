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
 * @param threads intra-op threads; 0 = one per physical core (see cpuThreads.ts).
 */
export function engineSessionOptions(threads: number): InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    enableMemPattern: false,
    intraOpNumThreads: threads > 0 ? threads : defaultIntraOpThreads(),
  };
}

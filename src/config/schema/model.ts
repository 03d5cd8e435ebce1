import { integer, stringList, text } from './leaves.js';
import { section } from './section.js';

/** `model`: the ONNX file, its card and labels, and how onnxruntime runs it. */

export const EXECUTION_PROVIDERS = ['cpu', 'webgpu', 'cuda', 'tensorrt'] as const;

export const modelSection = section({
  path: text('models/mvit_v1_b.onnx', 'ONNX model file (see models/README.md to export it).', {
    required: true,
  }),
  card: text(
    '',
    'Model card (clip length, fps, sizes, normalization); empty = <path without .onnx>.card.json.',
  ),
  labels: text('labels.txt', 'Class names, one per line, in the model output order.', {
    required: true,
  }),
  providers: stringList(
    ['cpu'],
    'onnxruntime execution providers to try in order (cpu, webgpu, cuda, tensorrt); cpu is always the last fallback.',
    { values: EXECUTION_PROVIDERS, nonEmpty: true, commaSeparated: true },
  ),
  threads: integer(0, 0, 1024, 'onnxruntime intra-op threads; 0 = one per physical core.'),
  max_batch: integer(
    1,
    1,
    64,
    'Most windows (across cameras) run together in one inference; raise it on GPUs.',
  ),
});

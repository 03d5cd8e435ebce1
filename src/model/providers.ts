import type { ExecutionProvider } from '../config/types.js';
import type { GraphTarget } from './modelCard.js';

/** One entry of onnxruntime-node's `listSupportedBackends()`. */
export interface SupportedBackend {
  name: string;
  /** false: the binary knows the provider but its libraries come from the user (CUDA, TensorRT). */
  bundled: boolean;
}

export interface ProviderPlan {
  /** Providers to try, in order; always ends with 'cpu'. */
  order: ExecutionProvider[];
  /** Requested providers this onnxruntime build cannot load at all, with why. */
  skipped: { provider: ExecutionProvider; reason: string }[];
}

/**
 * Which execution providers to try, in the user's order. Providers this build lacks are
 * skipped up front (trying them only produces a confusing native error); cpu closes the list
 * because a daemon that recognizes slowly beats one that does not start.
 */
export function planProviders(
  requested: readonly ExecutionProvider[],
  supported: readonly SupportedBackend[],
): ProviderPlan {
  const available = new Set(supported.map((backend) => backend.name));
  const order: ExecutionProvider[] = [];
  const skipped: ProviderPlan['skipped'] = [];
  for (const provider of requested) {
    // cpu always starts, so nothing listed after it would ever be tried.
    if (provider === 'cpu') break;
    if (order.includes(provider)) continue;
    if (available.has(provider)) {
      order.push(provider);
    } else if (!skipped.some((s) => s.provider === provider)) {
      const names = supported.map((backend) => backend.name).join(', ') || 'none';
      skipped.push({
        provider,
        reason: `this onnxruntime-node build does not support it (supported: ${names})`,
      });
    }
  }
  order.push('cpu');
  return { order, skipped };
}

/** What the user most likely has to install when a provider fails to start. */
const PROVIDER_HINTS: Partial<Record<ExecutionProvider, string>> = {
  webgpu: 'webgpu needs a GPU with a Vulkan driver (mesa-vulkan-drivers or the vendor driver)',
  cuda: 'cuda needs the NVIDIA driver, CUDA 12 and cuDNN 9, and onnxruntime-node installed with its CUDA libraries',
  tensorrt: 'tensorrt needs TensorRT on top of the cuda requirements',
};

/** onnxruntime's native errors span lines and quote source paths; a log line needs one line. */
const MAX_ERROR_CHARS = 400;

/** A one-line explanation of why `provider` could not start and what happens next. */
export function describeProviderFailure(
  provider: ExecutionProvider,
  err: unknown,
  next: ExecutionProvider | undefined,
): string {
  const hint = PROVIDER_HINTS[provider];
  return `execution provider '${provider}' failed to start: ${oneLine(err)}${hint ? ` (${hint})` : ''}; ${thenWhat(next)}`;
}

/**
 * A one-line explanation of why a provider that started could not run the model. A graph
 * exported for another provider is the likely cause on webgpu (MViT's depthwise Conv3d).
 */
export function describeFirstRunFailure(
  provider: ExecutionProvider,
  err: unknown,
  next: ExecutionProvider | undefined,
  graphTarget: GraphTarget,
): string {
  const hint =
    provider === 'webgpu' && graphTarget !== 'webgpu'
      ? ` (this model was exported for '${graphTarget}'; export_mvit.py --target webgpu writes one webgpu runs, see models/README.md)`
      : '';
  return `execution provider '${provider}' started but failed its first run: ${oneLine(err)}${hint}; ${thenWhat(next)}`;
}

function oneLine(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const message = raw.replace(/\s+/g, ' ').trim();
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
}

function thenWhat(next: ExecutionProvider | undefined): string {
  return next === undefined ? 'no provider left to try' : `falling back to '${next}'`;
}

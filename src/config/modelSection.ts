import { ffmpegPathProblem } from './ffmpegPath.js';
import { fileProblem, resolveFrom } from './files.js';
import type { FileTopLevel } from './fileTypes.js';
import type { SectionContext } from './mqttSection.js';
import type { CheckedValues } from './problems.js';
import type { FfmpegConfig, ModelConfig } from './types.js';

type Checked = CheckedValues<FileTopLevel>;

/** `models/x.onnx` → `models/x.card.json`; other names just gain the suffix. */
export function defaultCardPath(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.card.json`;
}

/** The model section with every file found and resolved. Undefined after reporting. */
export function resolveModel(checked: Checked, context: SectionContext): ModelConfig | undefined {
  const { model } = checked.values;
  const path = requireFile(checked, 'model.path', model.path, context);
  const labels = requireFile(checked, 'model.labels', model.labels, context);
  let card: string | undefined;
  if (checked.allValid('model.path', 'model.card')) {
    card = requireFile(checked, 'model.card', model.card || defaultCardPath(model.path), context);
  }
  const tuning = ['model.providers', 'model.threads', 'model.max_batch'];
  if (path === undefined || labels === undefined || card === undefined) return undefined;
  if (!checked.allValid(...tuning)) return undefined;
  return {
    path,
    card,
    labels,
    providers: [...model.providers],
    threads: model.threads,
    maxBatch: model.max_batch,
  };
}

function requireFile(
  checked: Checked,
  key: string,
  given: string,
  context: SectionContext,
): string | undefined {
  if (!checked.isValid(key)) return undefined;
  const problem = fileProblem(context.cwd, given);
  if (problem === undefined) return resolveFrom(context.cwd, given);
  context.problems.add(key, problem);
  return undefined;
}

/**
 * A bare name (`ffmpeg`) stays bare, spawn looks it up in PATH; anything with a slash is
 * resolved. Either way it must be a program that can be started now.
 */
export function resolveFfmpeg(checked: Checked, context: SectionContext): FfmpegConfig | undefined {
  if (!checked.allValid('ffmpeg.path', 'ffmpeg.scale_flags')) return undefined;
  const { path, scale_flags: scaleFlags } = checked.values.ffmpeg;
  const problem = ffmpegPathProblem(path, context.cwd, context.env);
  if (problem !== undefined) {
    context.problems.add('ffmpeg.path', problem);
    return undefined;
  }
  if (path === '' || !path.includes('/')) return { path, scaleFlags };
  return { path: resolveFrom(context.cwd, path), scaleFlags };
}

import { camelKeys } from '../camelKeys.js';
import { ffmpegPathProblem } from '../ffmpegPath.js';
import { fileProblem, resolveFrom } from '../files.js';
import type { SectionValues } from '../sections.js';
import type { FfmpegConfig, ModelConfig } from '../types.js';
import type { ResolveContext } from './context.js';

/** `models/x.onnx` → `models/x.card.json`; other names just gain the suffix. */
function defaultCardPath(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.card.json`;
}

/** The model section with every file found and resolved. */
export function resolveModel(
  model: SectionValues['model'],
  context: ResolveContext,
): ModelConfig | undefined {
  const path = requireFile('model.path', model.path, context);
  const labels = requireFile('model.labels', model.labels, context);
  const card = requireFile('model.card', model.card || defaultCardPath(model.path), context);
  if (path === undefined || labels === undefined || card === undefined) return undefined;
  return { ...camelKeys(model), path, card, labels };
}

function requireFile(key: string, given: string, context: ResolveContext): string | undefined {
  const problem = fileProblem(context.cwd, given);
  if (problem === undefined) return resolveFrom(context.cwd, given);
  context.problems.add(key, problem);
  return undefined;
}

/**
 * A bare name (`ffmpeg`) stays bare, spawn looks it up in PATH; anything with a slash is
 * resolved. Either way it must be a program that can be started now.
 */
export function resolveFfmpeg(
  ffmpeg: SectionValues['ffmpeg'],
  context: ResolveContext,
): FfmpegConfig | undefined {
  const { path, scaleFlags } = camelKeys(ffmpeg);
  const problem = ffmpegPathProblem(path, context.cwd, context.env);
  if (problem !== undefined) {
    context.problems.add('ffmpeg.path', problem);
    return undefined;
  }
  if (path === '' || !path.includes('/')) return { path, scaleFlags };
  return { path: resolveFrom(context.cwd, path), scaleFlags };
}

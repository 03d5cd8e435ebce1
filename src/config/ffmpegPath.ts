import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileProblem, resolveFrom } from './files.js';
import { quoteValue } from './redact.js';

/**
 * Whether `ffmpeg.path` names a program that can be started, checked when the configuration
 * is loaded: found out at spawn time, the mistake only showed after the model had loaded, as
 * exit 1 instead of 78. A bare name is looked up in PATH as spawn will; anything with a slash
 * is a file. '' (FFMPEG_PATH, ffmpeg-static, then PATH) is resolved by the ingest side.
 */
export function ffmpegPathProblem(
  given: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (given === '') return undefined;
  if (!given.includes('/')) return findInPath(given, cwd, env.PATH ?? '');
  const missing = fileProblem(cwd, given);
  if (missing !== undefined) return missing;
  return isExecutableFile(resolveFrom(cwd, given))
    ? undefined
    : `${quoteValue(given)} is not an executable file (chmod +x, or a noexec mount?)`;
}

function findInPath(name: string, cwd: string, path: string): string | undefined {
  // An empty PATH entry means the working directory, as execvp reads it.
  const folders = path.split(delimiter).map((folder) => resolveFrom(cwd, folder || '.'));
  if (folders.some((folder) => isExecutableFile(join(folder, name)))) return undefined;
  return `${quoteValue(name)} is not an executable in any PATH folder (PATH=${quoteValue(path)}); give its full path or install it`;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

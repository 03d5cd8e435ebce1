import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, isAbsolute, join } from 'node:path';

export type FfmpegPathSource = 'config' | 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH';

export interface ResolvedFfmpegPath {
  path: string;
  from: FfmpegPathSource;
}

export interface ResolveFfmpegPathOptions {
  /** ffmpeg.path from the configuration; '' = not set. A bare name is looked up on PATH. */
  configured: string;
  env: NodeJS.ProcessEnv;
  /** The ffmpeg-static binary, or null when the package or its download is missing. */
  ffmpegStatic?: () => string | null;
  /** Finds a bare command name on PATH. */
  which?: (bin: string) => string | null;
  isExecutable?: (path: string) => boolean;
}

/**
 * Which ffmpeg to run: ffmpeg.path, then $FFMPEG_PATH, then the ffmpeg-static package, then
 * `ffmpeg` on PATH. A path the user named explicitly must work: falling back from it silently
 * would run a different ffmpeg than the one they asked for.
 */
export function resolveFfmpegPath(opts: ResolveFfmpegPathOptions): ResolvedFfmpegPath {
  const isExecutable = opts.isExecutable ?? isExecutableFile;
  const which = opts.which ?? ((bin: string) => findOnPath(bin, opts.env.PATH ?? '', isExecutable));
  const explicit = (value: string, what: string): string => {
    const path = value.includes('/') ? value : which(value);
    if (path === null || !isExecutable(path)) {
      throw new Error(`${what} '${value}' is not an executable file`);
    }
    return path;
  };

  if (opts.configured !== '')
    return { path: explicit(opts.configured, 'ffmpeg.path'), from: 'config' };
  const fromEnv = opts.env.FFMPEG_PATH ?? '';
  if (fromEnv !== '') return { path: explicit(fromEnv, 'FFMPEG_PATH'), from: 'FFMPEG_PATH' };
  const bundled = (opts.ffmpegStatic ?? (() => ffmpegStaticBinary()))();
  if (bundled !== null) return { path: bundled, from: 'ffmpeg-static' };
  const onPath = which('ffmpeg');
  if (onPath !== null) return { path: onPath, from: 'PATH' };
  throw new Error(
    'no ffmpeg found: tried ffmpeg.path (not set), FFMPEG_PATH (not set), ' +
      `the ffmpeg-static package (missing or not downloaded) and 'ffmpeg' on PATH '${opts.env.PATH ?? ''}'`,
  );
}

/**
 * The binary of the optional ffmpeg-static package. Its install step downloads the binary and
 * often fails (no internet, unsupported platform), leaving the package without the file, so
 * both the package and the file must be there.
 */
export function ffmpegStaticBinary(
  load: (id: string) => unknown = createRequire(import.meta.url),
  isExecutable: (path: string) => boolean = isExecutableFile,
): string | null {
  let path: unknown;
  try {
    path = load('ffmpeg-static');
  } catch {
    return null;
  }
  return typeof path === 'string' && isExecutable(path) ? path : null;
}

export function findOnPath(
  bin: string,
  pathVariable: string,
  isExecutable: (path: string) => boolean = isExecutableFile,
): string | null {
  for (const dir of pathVariable.split(delimiter)) {
    // An empty or relative PATH entry would make the result depend on the working directory.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, bin);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

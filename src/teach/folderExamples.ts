import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExampleVideo } from './exampleVideos.js';
import { TeachInputError } from './teachInputError.js';

const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.mkv',
  '.avi',
  '.mov',
  '.webm',
  '.m4v',
  '.mpg',
  '.mpeg',
  '.ts',
  '.flv',
  '.wmv',
]);

/**
 * `<dir>/<label>/<video>`: every video in a label's folder is that action throughout. Folders
 * and files are taken in name order, so the same folder gives the same examples.
 */
export function folderExamples(dir: string): ExampleVideo[] {
  const labels = entries(dir).filter((name) => isDirectory(path.join(dir, name)));
  if (labels.length === 0) {
    throw new TeachInputError(`${dir}: no label folders in it (expected ${dir}/<label>/<video>)`);
  }
  return labels.flatMap((label) => {
    const folder = path.join(dir, label);
    const videos = entries(folder).filter((name) =>
      VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase()),
    );
    if (videos.length === 0) {
      throw new TeachInputError(`label '${label}' has no videos (${folder} holds no video files)`);
    }
    return videos.map((name) => ({ path: path.join(folder, name), wholeLabel: label, spans: [] }));
  });
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort();
  } catch (err) {
    throw new TeachInputError(
      `${dir}: cannot read the examples folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

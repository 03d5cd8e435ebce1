import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExampleVideo } from './exampleVideos.js';
import { TeachInputError } from './teachInputError.js';

/**
 * A list file: one `<video> <start> <end> <label>` per line (times in seconds or [h:]m:s,
 * the label the rest of the line; `#` starts a comment). Videos are relative to the file.
 * Several lines may name one video; its windows outside every span become background.
 */
export function listExamples(file: string): ExampleVideo[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TeachInputError(
      `${file}: cannot read the list: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const byVideo = new Map<string, ExampleVideo>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${file}:${index + 1}`;
    const match = /^(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (match === null)
      throw new TeachInputError(
        `${where}: expected '<video> <start> <end> <label>', got '${line}'`,
      );
    const [, video, start, end, label] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const startMs = seconds(start, where) * 1000;
    const endMs = seconds(end, where) * 1000;
    if (!(endMs > startMs))
      throw new TeachInputError(`${where}: end ${end} is not after start ${start}`);
    const videoPath = path.resolve(path.dirname(file), video);
    const entry = byVideo.get(videoPath) ?? { path: videoPath, wholeLabel: null, spans: [] };
    entry.spans.push({ startMs, endMs, label: label.trim() });
    byVideo.set(videoPath, entry);
  });
  if (byVideo.size === 0) throw new TeachInputError(`${file}: the list names no videos`);
  return [...byVideo.values()];
}

/** `12.5`, `1:02.5` or `1:00:02` → seconds. */
function seconds(text: string, where: string): number {
  const parts = text.split(':');
  const valid = parts.length <= 3 && parts.every((p) => /^\d+(\.\d+)?$/.test(p));
  if (!valid)
    throw new TeachInputError(`${where}: '${text}' is not a time (seconds, m:s or h:m:s)`);
  return parts.reduce((total, part) => total * 60 + Number(part), 0);
}

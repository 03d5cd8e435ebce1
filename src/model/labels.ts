import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Class names, one per line, in the order of the model's output. A blank or repeated line
 * would silently shift or merge classes, so both are errors naming the file and line.
 */
export function loadLabels(path: string): string[] {
  return parseLabels(readLabelsFile(path), path);
}

/** sha256 hex of the file's bytes, to compare with the model card's `labels_sha256`. */
export function labelsFileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readLabelsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read labels file: ${(err as Error).message}`);
  }
}

export function parseLabels(text: string, path: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new Error(`${path}: labels file is empty`);

  const firstLineOf = new Map<string, number>();
  return lines.map((raw, index) => {
    const lineNo = index + 1;
    const label = raw.trim();
    if (label === '') throw new Error(`${path}:${lineNo}: empty label`);
    const earlier = firstLineOf.get(label);
    if (earlier !== undefined) {
      throw new Error(`${path}:${lineNo}: duplicate label '${label}' (first on line ${earlier})`);
    }
    firstLineOf.set(label, lineNo);
    return label;
  });
}

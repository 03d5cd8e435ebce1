import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../../src/log/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const labelsPath = path.join(repoRoot, 'labels.txt');
export const tinyModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit.onnx');
export const tinyF32ModelPath = path.join(repoRoot, 'test/fixtures/tiny_mvit_f32.onnx');

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines land in `lines`, so tests can assert on what was logged. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('debug', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as LogLine);
    },
  });
  return { logger, lines };
}

/** A scratch folder removed by the returned cleanup. */
export function scratchDir(): {
  dir: string;
  write: (name: string, text: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-model-'));
  return {
    dir,
    write: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Deterministic bytes (xorshift32), so clips differ from each other but not between runs. */
export function fillPseudoRandom(target: Uint8Array, seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = 0; i < target.length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    target[i] = state & 0xff;
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A temporary working directory holding the files a configuration names: empty stand-ins,
 * because loadConfig only checks that they exist.
 */
export interface Workspace {
  dir: string;
  /** Writes a file relative to the workspace and returns its absolute path. */
  write(relativePath: string, content: string): string;
  remove(): void;
}

export const MODEL_FILES = ['models/mvit_v1_b.onnx', 'models/mvit_v1_b.card.json', 'labels.txt'];

export function createWorkspace(files: string[] = MODEL_FILES): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'actionwatch-config-'));
  const write = (relativePath: string, content: string): string => {
    const path = join(dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  for (const file of files) write(file, '');
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The smallest valid camera list: one file camera on a clip that exists in the workspace. */
export const ONE_FILE_CAMERA = `
cameras:
  - name: sample
    source:
      url: clip.mp4
`;

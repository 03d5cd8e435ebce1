import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  labelsFile,
  removeTempConfigs,
  runCli,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { handMadeHead, tinyBackbone, writeHead } from '../helpers/heads.js';

const dir = mkdtempSync(path.join(tmpdir(), 'actionwatch-head-config-'));
const clip = path.join(clipsDir, 'arm_wrestling.mp4');

function configWithHead(head: string): string {
  return writeTempConfig({
    mqtt: { url: 'mqtt://127.0.0.1:1' },
    model: { path: tinyModel, labels: labelsFile },
    state_dir: path.join(dir, 'state'),
    cameras: [{ name: 'dock', head, source: { url: clip } }],
  });
}

describe('actionwatch with a head in its configuration', () => {
  afterAll(() => {
    removeTempConfigs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a missing head file with exit 78, as every configuration problem', async () => {
    const missing = path.join(dir, 'missing.head.json');
    for (const command of ['check-config', 'run']) {
      const result = await runCli([command, '--config', configWithHead(missing)]);
      expect(result.code, result.stderr).toBe(78);
      expect(result.stderr).toContain(`cameras[0].head: file not found: ${missing}`);
    }
  });

  it('refuses a head taught on another model with exit 78, naming both', async () => {
    const head = writeHead(
      path.join(dir, 'seed1.head.json'),
      handMadeHead('dock', ['background', 'fall'], { ...tinyBackbone(), seed: 1 }),
    );
    const checked = await runCli(['check-config', '--config', configWithHead(head)]);
    expect(checked.code, checked.stderr).toBe(0);
    const result = await runCli(['run', '--config', configWithHead(head)]);
    expect(result.code, result.stderr).toBe(78);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `actionwatch: head ${head} was taught on mvit_tiny (random weights, seed 1, 32-d embedding), not on the model ${tinyModel}, mvit_tiny (random weights, seed 0, 32-d embedding) (they differ in seed)`,
    );
  });
});

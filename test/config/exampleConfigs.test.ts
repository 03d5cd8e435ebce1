import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { createWorkspace, MODEL_FILES, type Workspace } from './workspace.js';

const repoRoot = resolve(import.meta.dirname, '../..');

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace([...MODEL_FILES, 'samples/sample.mp4']);
});

afterEach(() => workspace.remove());

/** Copies a shipped config into the workspace, which stands in for the working directory. */
function loadShipped(name: string) {
  const file = workspace.write(name, readFileSync(join(repoRoot, 'config', name), 'utf8'));
  return () => loadConfig({ file, env: {}, cwd: workspace.dir });
}

describe('shipped configuration files', () => {
  it('config/actionwatch.yml runs the generated sample clip against the local broker', () => {
    const config = loadShipped('actionwatch.yml')();
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.model.path).toBe(join(workspace.dir, 'models/mvit_v1_b.onnx'));
    expect(config.cameras).toHaveLength(1);
    expect(config.cameras[0]).toMatchObject({
      name: 'sample',
      enabled: true,
      source: {
        kind: 'file',
        url: join(workspace.dir, 'samples/sample.mp4'),
        realtime: true,
        loop: true,
      },
    });
  });

  it('config/actionwatch.example.yml is valid except for the secret files of this machine', () => {
    // Only the systemd credentials it names can be missing here; a key or value the schema
    // refuses would show up in this list too.
    const load = loadShipped('actionwatch.example.yml');
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'mqtt.password_file: file not found: /run/credentials/actionwatch.service/mqtt_password',
        'cameras[0].source.password_file: file not found: /run/credentials/actionwatch.service/front_door_password',
      ]);
    }
  });
});

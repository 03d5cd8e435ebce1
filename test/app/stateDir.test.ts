import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  runCli,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';

const EX_CONFIG = 78;
const CLIP = path.join(clipsDir, 'arm_wrestling.mp4');

async function config(stateDir: string | undefined): Promise<string> {
  return writeTempConfig({
    mqtt: { url: `mqtt://127.0.0.1:${await freePort()}`, prefix: 'sd' },
    model: { path: tinyModel, labels: labelsFile },
    http: { enabled: false },
    ...(stateDir === undefined ? {} : { state_dir: stateDir }),
    cameras: [{ name: 'clip', source: { url: CLIP, realtime: true, loop: true } }],
  });
}

describe('the state folder', () => {
  const daemons: DaemonProcess[] = [];

  afterAll(async () => {
    for (const daemon of daemons) await daemon.stop();
    removeTempConfigs();
  });

  it('exits 78 naming the folder when the outbox cannot be kept there', async () => {
    const file = await config(undefined);
    const notAFolder = path.join(path.dirname(file), 'not-a-folder');
    writeFileSync(notAFolder, '');
    const result = await runCli(['run', '--config', await config(notAFolder)]);
    expect(result.code).toBe(EX_CONFIG);
    expect(result.stderr).toContain(`cannot keep the outbox in ${JSON.stringify(notAFolder)}`);
  });

  it('belongs to one daemon: a second one on the same folder exits 78', async () => {
    const file = await config(undefined);
    const first = startDaemon(file);
    daemons.push(first);
    await waitFor(() => first.output().includes('"msg":"started"'), {
      timeoutMs: 20_000,
      what: 'the first daemon started',
    });
    const second = await runCli(['run', '--config', file]);
    expect(second.code).toBe(EX_CONFIG);
    expect(second.stderr).toMatch(
      /is in use by process \d+ \(another actionwatch with the same state_dir\?\)/,
    );
    expect(first.exited()).toBe(false);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import {
  labelsFile,
  removeTempConfigs,
  runCli,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';

const validCamera = { name: 'door', source: { url: 'rtsp://127.0.0.1:8554/door' } };

describe('actionwatch with an invalid configuration', () => {
  afterAll(removeTempConfigs);

  it('prints every problem at once as path: message and exits 78', async () => {
    const file = writeTempConfig({
      mqtt: { url: 'mqtt://127.0.0.1:1883', bogus_key: 1 },
      model: { path: '/nonexistent/model.onnx', labels: labelsFile },
      cameras: [
        validCamera,
        { name: 'door', source: { url: 'rtsp://127.0.0.1:8554/other' } },
        { name: 'gym/floor', source: { url: 'rtsp://127.0.0.1:8554/gym' } },
        { name: 'yard', source: { url: 'rtsp//missing-colon' } },
      ],
    });
    for (const command of ['check-config', 'run']) {
      const result = await runCli([command, '--config', file]);
      expect(result.code, result.stderr).toBe(78);
      const lines = result.stderr.split('\n');
      const problem = (re: RegExp) => lines.some((line) => re.test(line));
      expect(
        problem(/^\s*mqtt\.bogus_key: .*(unknown|not allowed|unexpected)/i),
        result.stderr,
      ).toBe(true);
      expect(problem(/^\s*model\.path: .*\/nonexistent\/model\.onnx/), result.stderr).toBe(true);
      expect(
        problem(/^\s*cameras\[1\]\.name: .*"door".*(duplicate|already|unique)/i),
        result.stderr,
      ).toBe(true);
      expect(problem(/^\s*cameras\[2\]\.name: .*gym\/floor/), result.stderr).toBe(true);
      expect(problem(/^\s*cameras\[3\]\.source\.url: .*rtsp\/\/missing-colon/), result.stderr).toBe(
        true,
      );
      expect(result.stdout).toBe('');
    }
  });

  it('names the model file and the mismatch when labels do not fit the model', async () => {
    const shortLabels = writeTempConfig('a\nb\nc\n', 'labels.txt');
    const file = writeTempConfig({
      model: { path: tinyModel, labels: shortLabels },
      cameras: [validCamera],
    });
    const result = await runCli(['run', '--config', file]);
    expect(result.code, result.stderr).toBe(78);
    expect(result.stderr).toMatch(/labels\.txt/);
    expect(result.stderr).toMatch(/3\b.*400|400.*\b3\b/);
  });

  it('accepts a valid file and prints it with secrets hidden', async () => {
    const file = writeTempConfig({
      mqtt: { url: 'mqtt://127.0.0.1:1883', username: 'aw', password: 'hunter2-secret' },
      model: { path: tinyModel, labels: labelsFile },
      cameras: [{ name: 'door', source: { url: 'rtsp://viewer:cam-secret@127.0.0.1:8554/door' } }],
    });
    const result = await runCli(['check-config', '--config', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('door');
    expect(result.stdout + result.stderr).not.toMatch(/hunter2-secret|cam-secret/);
  });
});

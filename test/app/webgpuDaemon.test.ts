import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipsDir,
  type DaemonProcess,
  labelsFile,
  removeTempConfigs,
  repoRoot,
  startDaemon,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt } from '../helpers/mqttCapture.js';
import { webgpuTestsRun } from '../helpers/vulkan.js';
import { waitFor } from '../helpers/waitFor.js';

const tinyWebgpuModel = path.join(repoRoot, 'test/fixtures/tiny_mvit_webgpu.onnx');
// A cpu graph with MViT's depthwise Conv3d (export_mvit.py --rewrites none), which webgpu
// starts but cannot run; the default cpu graph's depthwise Conv2d run on webgpu.
const tinyConv3dModel = path.join(repoRoot, 'test/fixtures/tiny_mvit_conv3d.onnx');

function config(brokerUrl: string, prefix: string, modelPath: string) {
  return writeTempConfig({
    mqtt: { url: brokerUrl, prefix },
    model: { path: modelPath, labels: labelsFile, providers: ['webgpu', 'cpu'] },
    recognition: { stride: 8 },
    cameras: [
      {
        name: 'arm_wrestling',
        source: { url: path.join(clipsDir, 'arm_wrestling.mp4'), realtime: true, loop: false },
      },
    ],
  });
}

/** The JSON log lines a daemon wrote. */
function logLines(daemon: DaemonProcess): Record<string, unknown>[] {
  return daemon
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// Both graphs through the daemon with `providers: [webgpu, cpu]`: the webgpu graph recognizes on
// webgpu, a Conv3d cpu graph (which webgpu starts but cannot run) falls back to cpu once and still
// recognizes, instead of logging a failed inference for every window.
describe.runIf(webgpuTestsRun)('daemon with providers [webgpu, cpu]', { timeout: 180_000 }, () => {
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let capture: Awaited<ReturnType<typeof captureMqtt>>;
  let onWebgpu: DaemonProcess;
  let fellBack: DaemonProcess;

  beforeAll(async () => {
    broker = await startMosquitto();
    capture = await captureMqtt(broker.url, '#');
    onWebgpu = startDaemon(config(broker.url, 'gpu', tinyWebgpuModel));
    fellBack = startDaemon(config(broker.url, 'cpu', tinyConv3dModel));
  });

  afterAll(async () => {
    await Promise.all([onWebgpu?.stop(), fellBack?.stop()]);
    await capture?.close();
    await broker?.stop();
    removeTempConfigs();
  });

  const actions = (prefix: string) =>
    capture.messages.filter((m) => m.topic === `${prefix}/arm_wrestling/action`);
  const offline = (prefix: string) =>
    capture.messages.some(
      (m) => m.topic === `${prefix}/arm_wrestling/availability` && m.json().state === 'offline',
    );

  it('recognizes the clip on webgpu with the webgpu graph', async () => {
    await waitFor(() => offline('gpu'), { timeoutMs: 60_000, what: 'the clip played to its end' });
    await waitFor(() => actions('gpu').length >= 1, { timeoutMs: 30_000, what: 'an action' });
    const lines = logLines(onWebgpu);
    expect(lines.find((l) => l.msg === 'model loaded')).toMatchObject({ provider: 'webgpu' });
    expect(lines.filter((l) => typeof l.msg === 'string' && /failed/.test(l.msg))).toEqual([]);
    for (const m of actions('gpu')) expect(m.json().camera).toBe('arm_wrestling');
  });

  it('falls back to cpu once for the cpu graph and recognizes there', async () => {
    await waitFor(() => offline('cpu'), { timeoutMs: 60_000, what: 'the clip played to its end' });
    await waitFor(() => actions('cpu').length >= 1, { timeoutMs: 30_000, what: 'an action' });
    const lines = logLines(fellBack);
    expect(lines.find((l) => l.msg === 'model loaded')).toMatchObject({ provider: 'cpu' });
    const warned = lines.filter((l) => l.provider === 'webgpu');
    expect(warned).toHaveLength(1);
    expect(warned[0]?.msg).toMatch(/^execution provider 'webgpu' started but failed its first run/);
    expect(lines.filter((l) => l.msg === 'inference failed')).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log/index.js';
import { RetainedStates } from '../../src/outputs/mqtt/index.js';

/** A fresh state folder per test, removed by the returned function. */
export function tempStateDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'actionwatch-controls-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** RetainedStates over a publisher that records what it was asked to publish, and with what qos. */
export function recordingRetained(): {
  retained: RetainedStates;
  published: Map<string, string>;
  qos: Map<string, number>;
} {
  const published = new Map<string, string>();
  const qos = new Map<string, number>();
  const retained = new RetainedStates(
    {
      connected: true,
      publishRaw: async (topic, payload, options) => {
        published.set(topic, payload.toString());
        qos.set(topic, options.qos);
      },
      onConnect: () => {},
    },
    silentLogger(),
  );
  return { retained, published, qos };
}

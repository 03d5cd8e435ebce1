import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log/index.js';
import { RetainedStates } from '../../src/publish/index.js';

/** A fresh state folder per test, removed by the returned function. */
export function tempStateDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'actionwatch-controls-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** RetainedStates over a publisher that records what it was asked to publish. */
export function recordingRetained(): { retained: RetainedStates; published: Map<string, string> } {
  const published = new Map<string, string>();
  const retained = new RetainedStates(
    {
      connected: true,
      publishRaw: async (topic, payload) => {
        published.set(topic, payload.toString());
      },
      onConnect: () => {},
    },
    silentLogger(),
  );
  return { retained, published };
}

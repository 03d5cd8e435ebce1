import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertRuleConfig } from '../../src/config/index.js';
import { ResultBus } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { type BridgeClient, MqttBridge, Topics } from '../../src/outputs/mqtt/index.js';

/** A winter evening: the night rule's suspensions are timed from here. */
export const T0 = Date.parse('2025-01-08T22:00:00Z');

/** One alert rule that fires on anything; the controls' tests suspend and resume it. */
export const NIGHT_RULE: AlertRuleConfig = {
  name: 'night',
  cameras: [],
  regions: [],
  labels: [],
  minScore: 0.5,
  minDurationMs: 0,
  cooldownMs: 0,
  severity: 'warning',
  schedule: null,
};

/** A fresh state folder per test, removed by the returned function. */
export function tempStateDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'actionwatch-controls-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A result bus with the MQTT bridge listening, over a connected client that records what it
 * was asked to publish retained, and with what qos.
 */
export function recordingBridge(prefix = 'aw') {
  const published = new Map<string, string>();
  const qos = new Map<string, number>();
  const client: BridgeClient = {
    topics: new Topics(prefix),
    connected: true,
    publishRaw: async (topic, payload, options) => {
      published.set(topic, payload.toString());
      qos.set(topic, options.qos);
    },
    onConnect: () => {},
    subscribe: () => {},
    publishLatest: () => true,
    publishEvent: () => {},
  };
  const bus = new ResultBus(silentLogger());
  const bridge = new MqttBridge({
    bus,
    client,
    cameras: [],
    model: { name: 'm', weights: 'w', randomWeights: false, frames: 16, fps: 7.5 },
    controls: { detectCommand: () => 'refused', suspendCommand: () => 'refused' },
    logger: silentLogger(),
  });
  bridge.start();
  return { bus, bridge, retained: bridge.retained, published, qos };
}

import { describe, expect, it } from 'vitest';
import { ResultBus } from '../../../src/core/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { type BridgeClient, MqttBridge, Topics } from '../../../src/outputs/mqtt/index.js';
import type { ActionEvent } from '../../../src/recognize/index.js';

const T0 = Date.parse('2025-01-08T12:00:00Z');

/** A connected client that records every write: [kind, topic, payload]. */
function recordingClient() {
  const writes: [string, string, string][] = [];
  const client: BridgeClient = {
    topics: new Topics('aw'),
    connected: true,
    publishRaw: async (topic, payload, options) => {
      writes.push([`retained qos${options.qos}`, topic, payload.toString()]);
    },
    onConnect: () => {},
    subscribe: () => {},
    publishLatest: (topic, payload) => {
      writes.push(['latest', topic, JSON.stringify(payload)]);
      return true;
    },
    publishEvent: (topic, payload) => {
      writes.push(['event', topic, JSON.stringify(payload)]);
    },
  };
  return { client, writes };
}

function setup() {
  const { client, writes } = recordingClient();
  const bus = new ResultBus(silentLogger());
  const calls: string[] = [];
  const bridge = new MqttBridge({
    bus,
    client,
    cameras: ['cam1'],
    model: { name: 'm', weights: 'w', randomWeights: false, frames: 16, fps: 7.5 },
    controls: {
      detectCommand: (camera, text) => {
        calls.push(`detect ${camera} ${text}`);
        return 'changed';
      },
      suspendCommand: () => 'refused',
    },
    logger: silentLogger(),
  });
  return { bus, bridge, writes, calls };
}

const event: ActionEvent = {
  id: 'e1',
  camera: 'cam1',
  label: 'abseiling',
  head: null,
  score: 0.8,
  topScore: 0.8,
  startMs: T0,
  lastSeenMs: T0,
  endMs: null,
  window: { startMs: T0 - 2000, endMs: T0 },
};

describe('MqttBridge', () => {
  it('maps each result to its topic, and listens only while started', () => {
    const { bus, bridge, writes } = setup();
    bus.emit('availability', { camera: 'cam1', state: 'online', detail: {} });
    expect(writes).toEqual([]);
    bridge.start();
    bus.emit('availability', { camera: 'cam1', state: 'online', detail: {} });
    bus.emit('ruleState', { rule: 'night', on: true });
    bus.emit('detect', { camera: 'cam1', on: false, cause: 'switched', timeMs: T0 });
    bus.emit('event', { type: 'new', event });
    bus.emit('snapshot', { camera: 'cam1', jpeg: Buffer.from('jpeg'), path: '/s.jpg', timeMs: T0 });
    expect(writes.map(([kind, topic]) => `${kind} ${topic}`)).toEqual([
      'retained qos1 aw/cam1/availability',
      'retained qos1 aw/alerts/night/state',
      'retained qos1 aw/cam1/detect/state',
      'retained qos0 aw/cam1/action',
      'event aw/events',
      'retained qos0 aw/cam1/snapshot',
    ]);
    bridge.stop();
    bus.emit('ruleState', { rule: 'night', on: false });
    expect(writes).toHaveLength(6);
  });

  it('re-announces every retained state on reconnect through one mechanism', () => {
    const { bus, bridge, writes } = setup();
    bridge.start();
    bus.emit('availability', { camera: 'cam1', state: 'reconnecting', detail: { reason: 'x' } });
    bus.emit('detect', { camera: 'cam1', on: true, cause: 'restored', timeMs: T0 });
    writes.length = 0;
    bridge.retained.republish();
    expect(writes.map(([, topic, payload]) => `${topic} ${payload}`)).toEqual([
      'aw/cam1/availability {"state":"reconnecting","reason":"x"}',
      'aw/cam1/detect/state ON',
    ]);
  });

  it('says goodbye for every configured or announced camera', () => {
    const { bus, bridge } = setup();
    bridge.start();
    bus.emit('availability', { camera: 'cam2', state: 'online', detail: {} });
    expect(bridge.farewell()).toEqual([
      { topic: 'aw/cam2/availability', payload: '{"state":"offline","reason":"stopped"}' },
      { topic: 'aw/cam1/availability', payload: '{"state":"offline","reason":"stopped"}' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ResultBus } from '../../../src/core/index.js';
import { silentLogger } from '../../../src/log/index.js';
import {
  type BridgeClient,
  buildMotionIdlePayload,
  MqttBridge,
  Topics,
} from '../../../src/outputs/mqtt/index.js';

const T0 = Date.parse('2025-01-08T12:00:00Z');

function setup() {
  const writes: string[] = [];
  const client: BridgeClient = {
    topics: new Topics('aw'),
    connected: true,
    publishRaw: async (topic, payload, options) => {
      writes.push(`qos${options.qos} retain=${options.retain} ${topic} ${payload.toString()}`);
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
    cameras: ['cam1'],
    model: { name: 'm', weights: 'w', randomWeights: false, frames: 16, fps: 7.5 },
    controls: { detectCommand: () => 'changed', suspendCommand: () => 'refused' },
    logger: silentLogger(),
  });
  bridge.start();
  return { bus, bridge, writes };
}

describe('a camera going idle on MQTT', () => {
  it('has an action payload without a recognition that says motion idle', () => {
    expect(buildMotionIdlePayload('cam1', T0)).toEqual({
      camera: 'cam1',
      region: null,
      label: null,
      score: null,
      top_k: [],
      motion: 'idle',
      time: '2025-01-08T12:00:00.000Z',
    });
  });

  it('is published retained on the action topic, kept for reconnects until active again', () => {
    const { bus, bridge, writes } = setup();
    bus.emit('motion', { camera: 'cam1', state: 'idle', timeMs: T0 });
    const idle = JSON.stringify(buildMotionIdlePayload('cam1', T0));
    expect(writes).toEqual([`qos0 retain=true aw/cam1/action ${idle}`]);
    writes.length = 0;
    bridge.retained.republish();
    expect(writes).toEqual([`qos0 retain=true aw/cam1/action ${idle}`]);
    // Active: the window that woke the camera replaces the message; nothing is re-announced.
    bus.emit('motion', { camera: 'cam1', state: 'active', timeMs: T0 + 1000 });
    writes.length = 0;
    bridge.retained.republish();
    expect(writes).toEqual([]);
  });

  it('comes back when detection is switched on while the camera is still idle', () => {
    const { bus, writes } = setup();
    bus.emit('motion', { camera: 'cam1', state: 'idle', timeMs: T0 });
    bus.emit('detect', { camera: 'cam1', on: false, cause: 'switched', timeMs: T0 + 1000 });
    writes.length = 0;
    bus.emit('detect', { camera: 'cam1', on: true, cause: 'switched', timeMs: T0 + 2000 });
    const idle = JSON.stringify(buildMotionIdlePayload('cam1', T0));
    expect(writes).toContain(`qos0 retain=true aw/cam1/action ${idle}`);
  });
});

import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/index.js';
import {
  buildDiscovery,
  type DiscoveryInput,
  HomeAssistantDiscovery,
  type MessageHandler,
  RetainedStates,
  Topics,
} from '../../../src/outputs/mqtt/index.js';
import { discoveryProblems } from './haRequirements.js';

const input: DiscoveryInput = {
  topics: new Topics('site1/aw'),
  discoveryPrefix: 'homeassistant',
  cameras: ['bay3', 'Gym_Floor'],
  rules: [{ name: 'night_welding', severity: 'critical' }],
  maxSuspendMinutes: 43_200,
  snapshots: true,
  version: '0.1.0',
  modelName: 'mvit_v1_b',
};

describe('buildDiscovery entity ids', () => {
  const entityIds = (prefix: string, camera: string, rule: string) =>
    buildDiscovery({
      ...input,
      topics: new Topics(prefix),
      cameras: [camera],
      rules: [{ name: rule, severity: 'info' }],
    }).map((m) => m.config.default_entity_id);

  it.each([
    ['aw', 'front-door', 'r', 'sensor.aw_front_door_action'],
    ['aw', '_yard_', 'r', 'sensor.aw_yard_action'],
    ['site-1/aw_', 'Gate', 'r', 'sensor.site_1_aw_gate_action'],
    ['aw', 'bay', 'night-shift', 'binary_sensor.aw_rule_night_shift'],
  ])(
    'prefix %j, camera %j, rule %j gives %s, as Home Assistant slugs it',
    (prefix, camera, rule, id) => {
      const ids = entityIds(prefix, camera, rule);
      expect(ids).toContain(id);
      for (const entityId of ids) expect(entityId).toMatch(/^[a-z_]+\.[a-z0-9]+(_[a-z0-9]+)*$/);
    },
  );
});

describe('buildDiscovery', () => {
  const messages = buildDiscovery(input);
  const byTopic = new Map(messages.map((m) => [m.topic, m.config]));

  it('announces bridge, rule and per-camera entities under this daemon’s node id', () => {
    expect(messages.map((m) => m.topic)).toEqual([
      'homeassistant/binary_sensor/site1_aw/bridge_connection/config',
      'homeassistant/binary_sensor/site1_aw/rule_night_welding/config',
      'homeassistant/number/site1_aw/rule_night_welding_suspend/config',
      'homeassistant/sensor/site1_aw/bay3_action/config',
      'homeassistant/event/site1_aw/bay3_events/config',
      'homeassistant/switch/site1_aw/bay3_detect/config',
      'homeassistant/image/site1_aw/bay3_snapshot/config',
      'homeassistant/sensor/site1_aw/Gym_Floor_action/config',
      'homeassistant/event/site1_aw/Gym_Floor_events/config',
      'homeassistant/switch/site1_aw/Gym_Floor_detect/config',
      'homeassistant/image/site1_aw/Gym_Floor_snapshot/config',
    ]);
  });

  it('meets what Home Assistant requires of every config', () => {
    const problems = messages.flatMap((m) => discoveryProblems(m.topic, m.config));
    expect(problems).toEqual([]);
  });

  it('gives unique ids and lowercase entity ids', () => {
    const ids = messages.map((m) => m.config.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { config } of messages) {
      expect(config.default_entity_id).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
    }
  });

  it('links each camera device to the bridge device', () => {
    const bridge = byTopic.get('homeassistant/binary_sensor/site1_aw/bridge_connection/config');
    const camera = byTopic.get('homeassistant/sensor/site1_aw/bay3_action/config');
    const bridgeId = (bridge!.device as { identifiers: string[] }).identifiers[0];
    expect(camera?.device).toMatchObject({ name: 'bay3', via_device: bridgeId });
  });

  it('keeps camera devices in their own namespace, apart from the bridge', () => {
    const bridge = byTopic.get('homeassistant/binary_sensor/site1_aw/bridge_connection/config');
    const camera = byTopic.get('homeassistant/sensor/site1_aw/bay3_action/config');
    expect(bridge?.device).toMatchObject({ identifiers: ['site1_aw_bridge'] });
    // The old identifier stays so Home Assistant keeps the device it already has.
    expect(camera?.device).toMatchObject({
      identifiers: ['site1_aw_camera_bay3', 'site1_aw_bay3'],
    });
  });

  it('wires topics the daemon publishes', () => {
    expect(byTopic.get('homeassistant/sensor/site1_aw/bay3_action/config')).toMatchObject({
      state_topic: 'site1/aw/bay3/action',
      value_template:
        "{{ 'off' if value_json.get('detect') == 'OFF' else ('idle' if value_json.get('motion') == 'idle' else value_json.label) }}",
      json_attributes_topic: 'site1/aw/bay3/action',
      availability_mode: 'all',
      availability: [{ topic: 'site1/aw/bridge/state' }, { topic: 'site1/aw/bay3/availability' }],
    });
    expect(byTopic.get('homeassistant/event/site1_aw/bay3_events/config')).toMatchObject({
      state_topic: 'site1/aw/events',
      event_types: ['new', 'update', 'end'],
    });
    expect(
      byTopic.get('homeassistant/event/site1_aw/bay3_events/config')?.value_template,
    ).toContain("value_json.camera == 'bay3'");
    expect(byTopic.get('homeassistant/switch/site1_aw/bay3_detect/config')).toMatchObject({
      command_topic: 'site1/aw/bay3/detect/set',
      state_topic: 'site1/aw/bay3/detect/state',
      payload_on: 'ON',
      payload_off: 'OFF',
    });
    expect(
      byTopic.get('homeassistant/binary_sensor/site1_aw/rule_night_welding/config'),
    ).toMatchObject({
      state_topic: 'site1/aw/alerts/night_welding/state',
      json_attributes_topic: 'site1/aw/alerts/night_welding/attributes',
    });
    const ruleSensor = byTopic.get(
      'homeassistant/binary_sensor/site1_aw/rule_night_welding/config',
    );
    expect(
      byTopic.get('homeassistant/number/site1_aw/rule_night_welding_suspend/config'),
    ).toMatchObject({
      command_topic: 'site1/aw/alerts/night_welding/suspend',
      state_topic: 'site1/aw/alerts/night_welding/attributes',
      value_template: '{{ value_json.suspended_minutes }}',
      min: 0,
      max: 43_200,
      step: 1,
      mode: 'box',
      unit_of_measurement: 'min',
      availability: [{ topic: 'site1/aw/bridge/state' }],
      device: ruleSensor?.device,
    });
    expect(byTopic.get('homeassistant/image/site1_aw/bay3_snapshot/config')).toMatchObject({
      image_topic: 'site1/aw/bay3/snapshot',
      content_type: 'image/jpeg',
    });
  });

  it('leaves the image entity out without snapshots', () => {
    const topics = buildDiscovery({ ...input, snapshots: false }).map((m) => m.topic);
    expect(topics.some((topic) => topic.includes('/image/'))).toBe(false);
  });
});

describe('HomeAssistantDiscovery', () => {
  function setup(messages = buildDiscovery(input)) {
    const handlers = new Map<string, MessageHandler>();
    const published: [string, string][] = [];
    let onConnect = () => {};
    const retained = new RetainedStates(
      {
        connected: true,
        publishRaw: async (topic, payload) => {
          published.push([topic, payload.toString()]);
        },
        onConnect: (listener) => {
          onConnect = listener;
        },
      },
      silentLogger(),
    );
    retained.start();
    const discovery = new HomeAssistantDiscovery({
      subscriber: { subscribe: (filter, handler) => handlers.set(filter, handler) },
      retained,
      topics: input.topics,
      discoveryPrefix: 'homeassistant',
      messages,
      logger: silentLogger(),
    });
    discovery.start();
    return { handlers, published, reconnect: () => onConnect() };
  }

  it('announces on start, again when Home Assistant comes online, and after a reconnect', () => {
    const { handlers, published, reconnect } = setup();
    expect(published).toHaveLength(11);
    handlers.get('homeassistant/status')?.('homeassistant/status', Buffer.from('offline'), false);
    expect(published).toHaveLength(11);
    handlers.get('homeassistant/status')?.('homeassistant/status', Buffer.from('online'), false);
    expect(published).toHaveLength(22);
    reconnect();
    expect(published).toHaveLength(33);
    const suspendNumber = 'homeassistant/number/site1_aw/rule_night_welding_suspend/config';
    expect(published.filter(([topic]) => topic === suspendNumber)).toHaveLength(3);
  });

  it('clears configs of this node that are no longer announced, and only those', () => {
    const { handlers, published } = setup();
    const filter = handlers.get('homeassistant/+/site1_aw/+/config');
    published.length = 0;
    const stale = 'homeassistant/sensor/site1_aw/removed_camera_action/config';
    filter?.(stale, Buffer.from('{"name":"Action"}'), true);
    filter?.('homeassistant/sensor/site1_aw/bay3_action/config', Buffer.from('{}'), true);
    filter?.(stale, Buffer.alloc(0), true);
    expect(published).toEqual([[stale, '']]);
  });

  it('clears the suspend number of a rule that was removed', () => {
    const { handlers, published } = setup();
    published.length = 0;
    const stale = 'homeassistant/number/site1_aw/rule_removed_rule_suspend/config';
    handlers.get('homeassistant/+/site1_aw/+/config')?.(stale, Buffer.from('{"min":0}'), true);
    expect(published).toEqual([[stale, '']]);
  });

  it('with Home Assistant disabled (nothing announced) every config of this node is stale', () => {
    const { handlers, published } = setup([]);
    const topic = 'homeassistant/switch/site1_aw/bay3_detect/config';
    handlers.get('homeassistant/+/site1_aw/+/config')?.(topic, Buffer.from('{}'), true);
    expect(published).toEqual([[topic, '']]);
  });
});

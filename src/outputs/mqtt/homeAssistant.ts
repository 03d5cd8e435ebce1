import { haSlugify } from './haSlug.js';
import type { Topics } from './topics.js';

/**
 * Home Assistant MQTT discovery configs (one component per config topic): a bridge device
 * for the daemon, and a device per camera linked to it with via_device. Entities: the bridge's
 * connection and, per alert rule, a binary_sensor and a number that suspends it; per camera a
 * sensor for the current action (top-k as attributes), an event entity for action events, the
 * detect switch and, with snapshots, an image of the last alert.
 */

export interface DiscoveryInput {
  topics: Topics;
  discoveryPrefix: string;
  cameras: readonly string[];
  /** camera → its regions: each gets an action sensor and an event entity on the camera. */
  regions?: ReadonlyMap<string, readonly string[]>;
  rules: readonly { name: string; severity: string }[];
  /** Upper bound of a rule's suspend command, in minutes. */
  maxSuspendMinutes: number;
  /** Cameras get an image entity for their alert snapshot. */
  snapshots: boolean;
  version: string;
  modelName: string;
}

export interface DiscoveryMessage {
  topic: string;
  config: Record<string, unknown>;
}

type Config = Record<string, unknown>;

const ON_OFF = { payload_on: 'ON', payload_off: 'OFF' };

/** The node id of this daemon's discovery topics: its MQTT prefix, which is unique per broker. */
export function discoveryNodeId(prefix: string): string {
  return prefix.replace(/\//g, '_');
}

export function buildDiscovery(input: DiscoveryInput): DiscoveryMessage[] {
  const node = discoveryNodeId(input.topics.prefix);
  const message = (component: string, objectId: string, config: Config): DiscoveryMessage => ({
    topic: input.topics.discoveryConfig(input.discoveryPrefix, component, node, objectId),
    config: {
      ...config,
      unique_id: `${node}_${objectId}`,
      default_entity_id: `${component}.${haSlugify(`${node}_${objectId}`)}`,
      origin: { name: 'actionwatch', sw_version: input.version },
    },
  });
  const bridge = bridgeDevice(node, input);
  const messages = [
    message('binary_sensor', 'bridge_connection', bridgeConnection(input.topics, bridge)),
    ...input.rules.flatMap((rule) => [
      message('binary_sensor', `rule_${rule.name}`, ruleSensor(input.topics, bridge, rule.name)),
      message('number', `rule_${rule.name}_suspend`, ruleSuspend(input, bridge, rule.name)),
    ]),
  ];
  for (const camera of input.cameras) {
    const device = cameraDevice(node, camera);
    const parts = cameraEntities(input, camera, device);
    for (const [component, suffix, config] of parts) {
      messages.push(message(component, `${camera}_${suffix}`, config));
    }
    for (const region of input.regions?.get(camera) ?? []) {
      for (const [component, suffix, config] of regionEntities(input, camera, region, device)) {
        messages.push(message(component, `region_${camera}_${region}_${suffix}`, config));
      }
    }
  }
  return messages;
}

/**
 * A region's action sensor and event entity, on its camera's device. Object ids start with
 * `region_` so they keep apart from the camera's own (`<camera>_action`).
 */
function regionEntities(
  input: DiscoveryInput,
  camera: string,
  region: string,
  device: Config,
): [component: string, suffix: string, config: Config][] {
  const { topics } = input;
  const action = topics.targetAction(camera, region);
  return [
    [
      'sensor',
      'action',
      {
        name: `Action ${region}`,
        device,
        icon: 'mdi:run',
        state_topic: action,
        value_template: ACTION_VALUE_TEMPLATE,
        json_attributes_topic: action,
        json_attributes_template: ACTION_ATTRIBUTES_TEMPLATE,
        ...cameraAvailability(topics, camera),
      },
    ],
    [
      'event',
      'events',
      {
        ...actionEvents(topics, camera, device),
        name: `Action event ${region}`,
        value_template: eventTemplate(
          `value_json.camera == '${camera}' and value_json.region == '${region}'`,
        ),
      },
    ],
  ];
}

function bridgeDevice(node: string, input: DiscoveryInput): Config {
  return {
    identifiers: [`${node}_bridge`],
    name: `actionwatch ${input.topics.prefix}`,
    manufacturer: 'actionwatch',
    model: `action recognition (${input.modelName})`,
    sw_version: input.version,
  };
}

/**
 * `<node>_camera_<name>` keeps cameras apart from the bridge's `<node>_bridge`. The older
 * `<node>_<name>` stays listed so Home Assistant finds the device it already has (it matches
 * a device by any of its identifiers) instead of creating another; it cannot be the bridge's
 * since `bridge` is no camera name. Entity unique ids are unchanged (changing them would give
 * users new entities): they are already apart by kind, `bridge_` and `rule_` for the bridge
 * and rules, and cameras' in components (sensor, event, switch, image) neither of those uses.
 */
function cameraDevice(node: string, camera: string): Config {
  return {
    identifiers: [`${node}_camera_${camera}`, `${node}_${camera}`],
    name: camera,
    manufacturer: 'actionwatch',
    model: 'camera',
    via_device: `${node}_bridge`,
  };
}

function bridgeAvailability(topics: Topics): Config {
  return { topic: topics.bridgeState, value_template: '{{ value_json.state }}' };
}

/** Both must hold: the daemon is up and the camera streams. */
function cameraAvailability(topics: Topics, camera: string): Config {
  return {
    availability: [
      bridgeAvailability(topics),
      {
        topic: topics.availability(camera),
        // reconnecting is not available either; HA only knows online/offline.
        value_template: "{{ 'online' if value_json.state == 'online' else 'offline' }}",
      },
    ],
    availability_mode: 'all',
  };
}

function bridgeConnection(topics: Topics, device: Config): Config {
  return {
    name: 'Connection',
    device,
    device_class: 'connectivity',
    entity_category: 'diagnostic',
    state_topic: topics.bridgeState,
    value_template: '{{ value_json.state }}',
    payload_on: 'online',
    payload_off: 'offline',
  };
}

function ruleSensor(topics: Topics, device: Config, rule: string): Config {
  return {
    name: `Alert ${rule}`,
    device,
    device_class: 'problem',
    state_topic: topics.ruleState(rule),
    ...ON_OFF,
    json_attributes_topic: topics.ruleAttributes(rule),
    availability: [bridgeAvailability(topics)],
  };
}

/**
 * Minutes to suspend the rule for, 0 resumes it: the suspend command. Its state is the
 * suspension as last set, from the rule's attributes, so it falls back to 0 when it ends.
 */
function ruleSuspend(input: DiscoveryInput, device: Config, rule: string): Config {
  const { topics } = input;
  return {
    name: `Suspend ${rule}`,
    device,
    icon: 'mdi:bell-sleep',
    entity_category: 'config',
    command_topic: topics.ruleSuspend(rule),
    state_topic: topics.ruleAttributes(rule),
    value_template: '{{ value_json.suspended_minutes }}',
    min: 0,
    max: input.maxSuspendMinutes,
    step: 1,
    mode: 'box',
    unit_of_measurement: 'min',
    availability: [bridgeAvailability(topics)],
  };
}

function cameraEntities(
  input: DiscoveryInput,
  camera: string,
  device: Config,
): [component: string, suffix: string, config: Config][] {
  const { topics } = input;
  const entities: [string, string, Config][] = [
    ['sensor', 'action', actionSensor(topics, camera, device)],
    ['event', 'events', actionEvents(topics, camera, device)],
    ['switch', 'detect', detectSwitch(topics, camera, device)],
  ];
  if (input.snapshots) entities.push(['image', 'snapshot', snapshotImage(topics, camera, device)]);
  return entities;
}

/** True for the action message of a camera whose detection is off (buildDetectOffPayload). */
const DETECT_OFF = "value_json.get('detect') == 'OFF'";

/** True for the action message of a camera whose motion gate is idle (buildMotionIdlePayload). */
const MOTION_IDLE = "value_json.get('motion') == 'idle'";

/**
 * `off` while detection is switched off, `idle` while nothing moves: those messages have no
 * label and no window.
 */
const ACTION_VALUE_TEMPLATE = `{{ 'off' if ${DETECT_OFF} else ('idle' if ${MOTION_IDLE} else value_json.label) }}`;

const ACTION_ATTRIBUTES_TEMPLATE = `{% if ${DETECT_OFF} %}{{ {'detect': 'OFF'} | tojson }}{% elif ${MOTION_IDLE} %}{{ {'detect': 'ON', 'motion': 'idle'} | tojson }}{% else %}{{ {'detect': 'ON', 'score': value_json.score, 'top_k': value_json.top_k, 'window_end': value_json.window.end, 'random_weights': value_json.random_weights} | tojson }}{% endif %}`;

function actionSensor(topics: Topics, camera: string, device: Config): Config {
  return {
    name: 'Action',
    device,
    icon: 'mdi:run',
    state_topic: topics.action(camera),
    value_template: ACTION_VALUE_TEMPLATE,
    json_attributes_topic: topics.action(camera),
    json_attributes_template: ACTION_ATTRIBUTES_TEMPLATE,
    ...cameraAvailability(topics, camera),
  };
}

/**
 * All cameras share <p>/events; the template renders nothing for other cameras' events, which
 * Home Assistant ignores (an empty rendered payload is skipped, not an error).
 */
function actionEvents(topics: Topics, camera: string, device: Config): Config {
  return {
    name: 'Action event',
    device,
    state_topic: topics.events,
    event_types: ['new', 'update', 'end'],
    // The whole frame's events only: each region has an event entity of its own.
    value_template: eventTemplate(`value_json.camera == '${camera}' and value_json.region is none`),
    ...cameraAvailability(topics, camera),
  };
}

/** The event entity's payload for the events `condition` selects, nothing for the others. */
function eventTemplate(condition: string): string {
  return `{% if ${condition} %}{{ {'event_type': value_json.type, 'id': value_json.id, 'label': value_json.label, 'labels_from': value_json.labels_from, 'score': value_json.score, 'top_score': value_json.top_score, 'start_time': value_json.start_time, 'end_time': value_json.end_time, 'random_weights': value_json.random_weights} | tojson }}{% endif %}`;
}

/** Usable while the camera is down: switching detection is the daemon's business. */
function detectSwitch(topics: Topics, camera: string, device: Config): Config {
  return {
    name: 'Detect',
    device,
    icon: 'mdi:motion-sensor',
    command_topic: topics.detectSet(camera),
    state_topic: topics.detectState(camera),
    ...ON_OFF,
    state_on: 'ON',
    state_off: 'OFF',
    availability: [bridgeAvailability(topics)],
  };
}

function snapshotImage(topics: Topics, camera: string, device: Config): Config {
  return {
    name: 'Alert snapshot',
    device,
    image_topic: topics.snapshot(camera),
    content_type: 'image/jpeg',
    availability: [bridgeAvailability(topics)],
  };
}

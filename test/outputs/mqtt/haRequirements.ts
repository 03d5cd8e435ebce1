/**
 * What Home Assistant's MQTT integration requires of a single-component discovery config,
 * from its schemas (homeassistant/components/mqtt: schemas.py MQTT_ENTITY_COMMON_SCHEMA and
 * the platforms' PLATFORM_SCHEMA_MODERN): the keys each platform marks vol.Required, valid
 * publish / subscribe topics, a device with at least one identifier, availability entries
 * with a topic, and the discovery topic's own grammar. Returns every problem found.
 */

type Config = Record<string, unknown>;

const REQUIRED_BY_PLATFORM: Record<string, string[]> = {
  sensor: ['state_topic'],
  binary_sensor: ['state_topic'],
  event: ['state_topic', 'event_types'],
  switch: ['command_topic'],
  number: ['command_topic'],
  image: [],
};
const NUMBER_MODES = ['auto', 'box', 'slider'];
const SUBSCRIBE_KEYS = ['state_topic', 'json_attributes_topic', 'image_topic'];
const PUBLISH_KEYS = ['command_topic'];
const DISCOVERY_TOPIC = /^[A-Za-z0-9_/-]+\/([a-z_]+)\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/config$/;
const AVAILABILITY_MODES = ['all', 'any', 'latest'];

export function discoveryProblems(topic: string, config: Config): string[] {
  const problems: string[] = [];
  const component = DISCOVERY_TOPIC.exec(topic)?.[1];
  const required = component === undefined ? undefined : REQUIRED_BY_PLATFORM[component];
  if (required === undefined) return [`${topic}: not a discovery topic of a known platform`];
  const say = (message: string) => problems.push(`${topic}: ${message}`);
  for (const key of required) if (config[key] === undefined) say(`missing required ${key}`);
  for (const key of SUBSCRIBE_KEYS) {
    if (config[key] !== undefined && !validSubscribeTopic(config[key]))
      say(`${key} is not a valid topic`);
  }
  for (const key of PUBLISH_KEYS) {
    if (config[key] !== undefined && !validPublishTopic(config[key]))
      say(`${key} is not a publish topic`);
  }
  if (
    component === 'image' &&
    (config.image_topic === undefined) === (config.url_topic === undefined)
  ) {
    say('image needs exactly one of image_topic and url_topic');
  }
  if (component === 'event') checkEventTypes(config.event_types, say);
  if (component === 'number') checkNumber(config, say);
  checkDevice(config, say);
  checkAvailability(config, say);
  if (typeof config.unique_id !== 'string' || config.unique_id === '') say('missing unique_id');
  return problems;
}

function checkEventTypes(types: unknown, say: (m: string) => void): void {
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string')) {
    say('event_types must be a non-empty list of strings');
  }
}

/** number.py: min and max default to 1 and 100, max must be above min, step at least 0.001. */
function checkNumber(config: Config, say: (m: string) => void): void {
  const { min = 1, max = 100, step = 1, mode = 'auto' } = config;
  if (typeof min !== 'number' || typeof max !== 'number' || !(min < max)) {
    say('number needs numeric min < max');
  }
  if (typeof step !== 'number' || !(step >= 1e-3)) say('number step must be at least 0.001');
  if (!NUMBER_MODES.includes(String(mode))) say('bad number mode');
}

function checkDevice(config: Config, say: (m: string) => void): void {
  const device = config.device as Config | undefined;
  if (device === undefined) return;
  const identifiers = device.identifiers;
  if (!Array.isArray(identifiers) || identifiers.length === 0) say('device needs identifiers');
  // A device entry needs a unique_id to be tied to the entity (check_unique_id).
  if (config.unique_id === undefined) say('a config with a device needs unique_id');
}

function checkAvailability(config: Config, say: (m: string) => void): void {
  const { availability, availability_topic: single, availability_mode: mode } = config;
  if (availability !== undefined && single !== undefined) {
    say('availability and availability_topic are exclusive');
  }
  if (mode !== undefined && !AVAILABILITY_MODES.includes(String(mode)))
    say('bad availability_mode');
  if (availability === undefined) return;
  if (!Array.isArray(availability)) {
    say('availability must be a list');
    return;
  }
  for (const entry of availability as Config[]) {
    if (!validSubscribeTopic(entry.topic)) say('availability entry needs a valid topic');
  }
}

function validPublishTopic(topic: unknown): boolean {
  return typeof topic === 'string' && topic !== '' && !/[+#\0]/.test(topic);
}

function validSubscribeTopic(topic: unknown): boolean {
  if (typeof topic !== 'string' || topic === '' || topic.includes('\0')) return false;
  const levels = topic.split('/');
  return levels.every(
    (level, i) =>
      (level === '#' && i === levels.length - 1) || level === '+' || !/[+#]/.test(level),
  );
}

import { flag, text } from './leaves.js';
import { section } from './section.js';
import { TOPIC_PREFIX, TOPIC_PREFIX_MISMATCH } from './topicNames.js';

/** `homeassistant`: MQTT discovery of the daemon's entities. */
export const homeAssistantSection = section({
  enabled: flag(false, 'Announce entities with Home Assistant MQTT discovery.'),
  // Home Assistant's discovery prefix is a topic prefix like mqtt.prefix.
  discovery_prefix: text('homeassistant', "Home Assistant's discovery prefix.", {
    pattern: TOPIC_PREFIX,
    mismatch: TOPIC_PREFIX_MISMATCH,
  }),
});

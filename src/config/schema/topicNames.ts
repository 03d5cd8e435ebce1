/** Names that become MQTT topic levels, shared by the sections that publish under them. */

// Each level is a topic level of its own: no wildcards, no empty levels.
export const TOPIC_PREFIX = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,7}$/;
export const TOPIC_PREFIX_MISMATCH =
  'is not a valid topic prefix: levels of A-Z a-z 0-9 _ - separated by single /, no + or #';

/** One topic level that is also part of Home Assistant ids (camera and rule names). */
export const TOPIC_SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

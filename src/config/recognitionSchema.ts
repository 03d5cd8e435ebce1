import { FORMAT } from './formats.js';
import { flag, integer, oneOf, type SchemaLeaf, type SchemaSection, text } from './schemaNodes.js';

/**
 * Schema sections for turning windows into events and alerts: smoothing (under
 * `recognition`), `events`, `snapshots`, `homeassistant`, and one item of `alerts`.
 */

export const SMOOTHING_METHODS = ['mean', 'ema'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// Same grammar as mqtt.prefix: Home Assistant's discovery prefix is a topic prefix too.
const DISCOVERY_PREFIX = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,7}$/;
// A rule name becomes a topic level and part of Home Assistant ids, like a camera name.
const RULE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function fraction(defaultValue: number, doc: string, env?: string): SchemaLeaf {
  return {
    doc,
    format: FORMAT.number,
    default: defaultValue,
    min: 0,
    max: 1,
    ...(env === undefined ? {} : { env }),
  };
}

export const smoothingSchema: SchemaSection = {
  method: oneOf(
    'mean',
    SMOOTHING_METHODS,
    'mean: average of the last `windows` windows; ema: exponential moving average.',
    { env: 'ACTIONWATCH_RECOGNITION_SMOOTHING_METHOD' },
  ),
  windows: integer(3, { min: 1, max: 50 }, 'Windows averaged by mean; 1 turns smoothing off.', {
    env: 'ACTIONWATCH_RECOGNITION_SMOOTHING_WINDOWS',
  }),
  alpha: {
    ...fraction(
      0.5,
      'ema: weight of the newest window, above 0 and at most 1 (1 turns smoothing off).',
      'ACTIONWATCH_RECOGNITION_SMOOTHING_ALPHA',
    ),
    min: 0.01,
  },
};

export const eventsSchema: SchemaSection = {
  enter_score: fraction(
    0.5,
    'A label starts an event once its smoothed score reaches this.',
    'ACTIONWATCH_EVENTS_ENTER_SCORE',
  ),
  exit_score: fraction(
    0.35,
    'An event holds while its score stays at or above this (at most enter_score).',
    'ACTIONWATCH_EVENTS_EXIT_SCORE',
  ),
  min_duration_ms: integer(
    2000,
    { min: 0, max: 3_600_000 },
    'An event is announced only once its label has held this long.',
    { env: 'ACTIONWATCH_EVENTS_MIN_DURATION_MS' },
  ),
  max_gap_ms: integer(
    4000,
    { min: 0, max: 3_600_000 },
    'A drop below exit_score shorter than this still joins one event.',
    { env: 'ACTIONWATCH_EVENTS_MAX_GAP_MS' },
  ),
};

export const snapshotsSchema: SchemaSection = {
  enabled: flag(true, 'Keep recent full-view frames for alert snapshots (only with alert rules).', {
    env: 'ACTIONWATCH_SNAPSHOTS_ENABLED',
  }),
  fps: {
    doc: 'Full-view frames per second kept from each camera.',
    format: FORMAT.number,
    default: 1,
    min: 0.1,
    max: 5,
    env: 'ACTIONWATCH_SNAPSHOTS_FPS',
  },
  width: integer(640, { min: 64, max: 3840 }, 'Snapshot width in pixels; never upscaled.', {
    env: 'ACTIONWATCH_SNAPSHOTS_WIDTH',
  }),
  dir: text('', 'Folder of alert snapshots; empty = <state_dir>/snapshots.', {
    env: 'ACTIONWATCH_SNAPSHOTS_DIR',
  }),
  max_files: integer(
    500,
    { min: 1, max: 1_000_000 },
    'Most snapshot files kept; the oldest go first.',
    { env: 'ACTIONWATCH_SNAPSHOTS_MAX_FILES' },
  ),
};

export const homeAssistantSchema: SchemaSection = {
  enabled: flag(false, 'Announce entities with Home Assistant MQTT discovery.', {
    env: 'ACTIONWATCH_HOMEASSISTANT_ENABLED',
  }),
  discovery_prefix: text('homeassistant', "Home Assistant's discovery prefix.", {
    env: 'ACTIONWATCH_HOMEASSISTANT_DISCOVERY_PREFIX',
    pattern: DISCOVERY_PREFIX,
    mismatch:
      'is not a valid topic prefix: levels of A-Z a-z 0-9 _ - separated by single /, no + or #',
  }),
};

/** One item of `alerts`; like cameras, each item gets a convict instance of its own. */
export const alertRuleSchema: SchemaSection = {
  name: text('', 'Topic-safe name: 1 to 64 of A-Z a-z 0-9 _ -.', {
    required: true,
    pattern: RULE_NAME,
    mismatch:
      'is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level and part of Home Assistant ids)',
  }),
  cameras: {
    doc: 'Camera names the rule watches; empty = all cameras.',
    format: FORMAT.argList,
    default: [],
  },
  labels: {
    doc: 'Model labels that raise the alert; empty = any label.',
    format: FORMAT.argList,
    default: [],
  },
  min_score: fraction(0.5, 'The event must have reached this score.'),
  min_duration_ms: integer(0, { min: 0, max: 86_400_000 }, 'The event must have lasted this long.'),
  cooldown_ms: integer(
    60_000,
    { min: 0, max: 604_800_000 },
    'After an alert, the same rule stays quiet on the same camera this long.',
  ),
  severity: oneOf('warning', ALERT_SEVERITIES, 'info, warning or critical.'),
  schedule: {
    timezone: text('', "IANA time zone like Europe/Berlin; empty = the machine's zone."),
    windows: {
      doc: 'Times the rule is active: [{days, start, end}]; empty = always.',
      format: FORMAT.list,
      default: [],
    },
  },
};

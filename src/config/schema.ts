import { FORMAT } from './formats.js';
import { healthSchema, httpSchema, outboxSchema } from './operationsSchema.js';
import {
  eventsSchema,
  homeAssistantSchema,
  smoothingSchema,
  snapshotsSchema,
} from './recognitionSchema.js';
import { flag, integer, oneOf, type SchemaSection, text } from './schemaNodes.js';

/**
 * The configuration file's top level, in the file's own snake_case. Relative paths are
 * resolved against the working directory (systemd's WorkingDirectory), not the file's folder.
 */

export const EXECUTION_PROVIDERS = ['cpu', 'webgpu', 'cuda', 'tensorrt'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

// Names libswscale 5.1 accepts in `flags`; anything else could smuggle ',' or ';' into the
// filter graph the scale flags are pasted into.
const SCALE_FLAG =
  '(fast_bilinear|bilinear|bicubic|experimental|neighbor|area|bicublin|gauss|sinc|lanczos|spline|accurate_rnd|full_chroma_int|full_chroma_inp|bitexact|error_diffusion)';
const SCALE_FLAGS = new RegExp(`^${SCALE_FLAG}(\\+${SCALE_FLAG})*$`);
// Each level is a topic level of its own: no wildcards, no empty levels.
const TOPIC_PREFIX = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,7}$/;
const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;

const tlsSchema: SchemaSection = {
  enabled: flag(false, 'Use the files below for TLS; needs an mqtts:// or wss:// url.', {
    env: 'ACTIONWATCH_MQTT_TLS_ENABLED',
  }),
  ca_file: text('', 'PEM file of the CA that signed the broker certificate; empty = system CAs.', {
    env: 'ACTIONWATCH_MQTT_TLS_CA_FILE',
  }),
  cert_file: text('', 'PEM client certificate for mutual TLS; needs key_file.', {
    env: 'ACTIONWATCH_MQTT_TLS_CERT_FILE',
  }),
  key_file: text('', 'PEM private key of cert_file.', { env: 'ACTIONWATCH_MQTT_TLS_KEY_FILE' }),
  reject_unauthorized: flag(
    true,
    'Refuse brokers whose certificate does not verify. Turn off only for tests.',
    { env: 'ACTIONWATCH_MQTT_TLS_REJECT_UNAUTHORIZED' },
  ),
};

function mqttSchema(hostname: string): SchemaSection {
  return {
    url: text(
      'mqtt://127.0.0.1:1883',
      'Broker URL: mqtt://, mqtts://, ws:// or wss://. Put credentials in username/password, not here.',
      { env: 'ACTIONWATCH_MQTT_URL', required: true },
    ),
    prefix: text(
      'actionwatch',
      'First topic level(s) of everything published, e.g. `site1/actionwatch`.',
      {
        env: 'ACTIONWATCH_MQTT_PREFIX',
        pattern: TOPIC_PREFIX,
        mismatch:
          'is not a valid topic prefix: levels of A-Z a-z 0-9 _ - separated by single /, no + or #',
      },
    ),
    client_id: text(
      `actionwatch-${hostname}`,
      'MQTT client id; unique per broker (a second daemon with the same id kicks the first off).',
      {
        env: 'ACTIONWATCH_MQTT_CLIENT_ID',
        pattern: CLIENT_ID,
        mismatch: 'is not a valid client id: 1 to 128 printable ASCII characters, no spaces',
      },
    ),
    username: text('', 'Broker user name; empty for anonymous.', {
      env: 'ACTIONWATCH_MQTT_USERNAME',
    }),
    password: text(
      '',
      'Broker password. Prefer password_file or ACTIONWATCH_MQTT_PASSWORD so the file holds no secret.',
      { env: 'ACTIONWATCH_MQTT_PASSWORD', sensitive: true },
    ),
    password_file: text(
      '',
      'File holding the broker password (trailing newline ignored), e.g. a systemd credential. ACTIONWATCH_MQTT_PASSWORD wins over it.',
      { env: 'ACTIONWATCH_MQTT_PASSWORD_FILE' },
    ),
    keepalive_s: integer(30, { min: 0, max: 65535 }, 'MQTT keepalive in seconds; 0 disables it.', {
      env: 'ACTIONWATCH_MQTT_KEEPALIVE_S',
    }),
    protocol_version: integer(
      4,
      { min: 4, max: 5 },
      'MQTT protocol: 4 (3.1.1) or 5. With 5 a retained command is told apart and ignored even when it arrives while the daemon is subscribed.',
      { env: 'ACTIONWATCH_MQTT_PROTOCOL_VERSION' },
    ),
    tls: tlsSchema,
  };
}

const modelSchema: SchemaSection = {
  path: text('models/mvit_v1_b.onnx', 'ONNX model file (see models/README.md to export it).', {
    env: 'ACTIONWATCH_MODEL_PATH',
    required: true,
  }),
  card: text(
    '',
    'Model card (clip length, fps, sizes, normalization); empty = <path without .onnx>.card.json.',
    { env: 'ACTIONWATCH_MODEL_CARD' },
  ),
  labels: text('labels.txt', 'Class names, one per line, in the model output order.', {
    env: 'ACTIONWATCH_MODEL_LABELS',
    required: true,
  }),
  providers: {
    doc: 'onnxruntime execution providers to try in order (cpu, webgpu, cuda, tensorrt); cpu is always the last fallback.',
    format: FORMAT.nameList,
    default: ['cpu'],
    values: EXECUTION_PROVIDERS,
    nonEmpty: true,
    env: 'ACTIONWATCH_MODEL_PROVIDERS',
  },
  threads: integer(
    0,
    { min: 0, max: 1024 },
    'onnxruntime intra-op threads; 0 = one per physical core.',
    {
      env: 'ACTIONWATCH_MODEL_THREADS',
    },
  ),
  max_batch: integer(
    1,
    { min: 1, max: 64 },
    'Most windows (across cameras) run together in one inference; raise it on GPUs.',
    { env: 'ACTIONWATCH_MODEL_MAX_BATCH' },
  ),
};

const recognitionSchema: SchemaSection = {
  stride: integer(
    8,
    { min: 1, max: 1024 },
    'Run the model every `stride` sampled frames (at 7.5 fps, 8 = about once a second).',
    { env: 'ACTIONWATCH_RECOGNITION_STRIDE' },
  ),
  top_k: integer(5, { min: 1, max: 20 }, 'How many best labels each result carries.', {
    env: 'ACTIONWATCH_RECOGNITION_TOP_K',
  }),
  smoothing: smoothingSchema,
};

const ffmpegSchema: SchemaSection = {
  path: text('', 'ffmpeg binary; empty = FFMPEG_PATH, then ffmpeg-static, then PATH.', {
    env: 'ACTIONWATCH_FFMPEG_PATH',
  }),
  scale_flags: text(
    // Closest to torchvision's resize of all flags measured (models/README.md, Parity).
    'bilinear+full_chroma_inp',
    'libswscale flags for resizing, e.g. bilinear+full_chroma_inp, bicubic, area+accurate_rnd.',
    {
      env: 'ACTIONWATCH_FFMPEG_SCALE_FLAGS',
      pattern: SCALE_FLAGS,
      mismatch:
        'is not a list of libswscale flags joined by + (e.g. bilinear, bicubic, area+accurate_rnd)',
    },
  ),
};

/** The whole top level; `hostname` makes the default MQTT client id unique per machine. */
export function topLevelSchema(hostname: string): SchemaSection {
  return {
    mqtt: mqttSchema(hostname),
    model: modelSchema,
    recognition: recognitionSchema,
    ffmpeg: ffmpegSchema,
    log: {
      level: oneOf(
        'info',
        LOG_LEVELS,
        'Least severe level logged: fatal, error, warn, info, debug or trace.',
        { env: 'ACTIONWATCH_LOG_LEVEL' },
      ),
    },
    http: httpSchema,
    outbox: outboxSchema,
    health: healthSchema,
    state_dir: text(
      'state',
      'Folder for persisted state (outbox, snapshots, switches); created when missing.',
      { env: 'ACTIONWATCH_STATE_DIR', required: true },
    ),
    cameras: {
      doc: 'The cameras; each item is checked against the camera schema.',
      format: FORMAT.list,
      default: [],
    },
    events: eventsSchema,
    alerts: {
      doc: 'Alert rules; each item is checked against the alert rule schema.',
      format: FORMAT.list,
      default: [],
    },
    snapshots: snapshotsSchema,
    homeassistant: homeAssistantSchema,
  };
}

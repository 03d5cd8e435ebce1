import { FORMAT } from './formats.js';
import { decimal, flag, integer, oneOf, type SchemaSection, text } from './schemaNodes.js';

/**
 * One item of `cameras`. convict cannot describe array items, so each item gets a convict
 * instance of its own built from this schema: the same strictness as the top level.
 */

export const SOURCE_KINDS = ['rtsp', 'http', 'v4l2', 'file'] as const;
export const HWACCELS = ['none', 'vaapi', 'cuda', 'v4l2m2m'] as const;

// The name becomes an MQTT topic level and part of Home Assistant ids.
export const TOPIC_SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Top-level topic levels the MQTT API uses itself (`<p>/bridge/state`, `<p>/alerts/<rule>/...`,
 * `<p>/events`): a camera of that name would share their topics. Kept equal to
 * FIXED_TOP_LEVELS in publish/topics.ts (a test compares them); config does not import publish.
 */
export const RESERVED_CAMERA_NAMES: readonly string[] = ['alerts', 'bridge', 'events'];

const v4l2Schema: SchemaSection = {
  input_format: text(
    '',
    'Pixel or codec format asked of the camera (ffmpeg -input_format), e.g. mjpeg or yuyv422; empty lets the driver choose.',
    {
      pattern: /^[a-z0-9_]{0,32}$/,
      mismatch: 'is not a format name like mjpeg or yuyv422',
    },
  ),
  video_size: text('', 'Capture size WIDTHxHEIGHT, e.g. 1280x720; empty lets the driver choose.', {
    pattern: /^([1-9]\d{0,4}x[1-9]\d{0,4})?$/,
    mismatch: 'is not a size like 1280x720',
  }),
  framerate: decimal(0, { min: 0, max: 1000 }, 'Capture frame rate; 0 lets the driver choose.'),
};

const sourceSchema: SchemaSection = {
  url: text(
    '',
    'rtsp(s)://, http(s)://, a /dev/video* device, file:// or a file path (relative to the working directory).',
    { required: true },
  ),
  kind: oneOf(
    '',
    ['', ...SOURCE_KINDS],
    'rtsp, http, v4l2 or file; empty = from the url. Needed for devices outside /dev/video*, e.g. /dev/v4l/by-id/...',
  ),
  realtime: flag(
    null,
    'Read at native speed (-re); file and http sources only. Default: true for files.',
    { nullable: true },
  ),
  loop: flag(null, 'Start again at the end; file and http sources only. Default: true for files.', {
    nullable: true,
  }),
  input_args: {
    doc: 'Extra ffmpeg input options placed before -i, one argument per item (never a shell string).',
    format: FORMAT.argList,
    default: [],
  },
  hwaccel: oneOf('none', HWACCELS, 'Hardware decoding: none, vaapi, cuda or v4l2m2m.'),
  v4l2: v4l2Schema,
  username: text('', 'rtsp/http user name, put into the url (percent-encoded).'),
  password: text('', 'rtsp/http password; prefer password_file so this file holds no secret.', {
    sensitive: true,
  }),
  password_file: text('', 'File holding the rtsp/http password (trailing newline ignored).'),
};

export const cameraSchema: SchemaSection = {
  name: text('', 'Topic-safe name: 1 to 64 of A-Z a-z 0-9 _ -.', {
    required: true,
    pattern: TOPIC_SAFE_NAME,
    mismatch:
      'is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level, where +, #, /, spaces and control characters break subscriptions)',
  }),
  enabled: flag(true, 'false keeps the camera configured but not watched.'),
  stall_timeout_ms: integer(
    10000,
    { min: 1000, max: 3_600_000 },
    'Restart ffmpeg when no frame arrived for this long.',
  ),
  source: sourceSchema,
  labels: {
    doc: 'Model labels this camera reports (the classes its site cares about); empty = all.',
    format: FORMAT.argList,
    default: [],
  },
};

import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import {
  hasUrlCredentials,
  inferSourceKind,
  kindMismatch,
  SOURCE_KIND_NAMES,
  SOURCE_KINDS,
  type SourceKind,
} from '../../ingest/sources/index.js';
import { quoteValue } from '../redact.js';
import { decimal, oneOf, optionalFlag, stringList, text } from './leaves.js';
import { section } from './section.js';

/**
 * A camera's `source`: where ffmpeg reads it from, and how. What each kind accepts is the
 * kind's own rule (src/ingest/sources/).
 */

export type { SourceKind };

const v4l2 = section({
  input_format: text(
    '',
    'Pixel or codec format asked of the camera (ffmpeg -input_format), e.g. mjpeg or yuyv422; empty lets the driver choose.',
    { pattern: /^[a-z0-9_]{0,32}$/, mismatch: 'is not a format name like mjpeg or yuyv422' },
  ),
  video_size: text('', 'Capture size WIDTHxHEIGHT, e.g. 1280x720; empty lets the driver choose.', {
    pattern: /^([1-9]\d{0,4}x[1-9]\d{0,4})?$/,
    mismatch: 'is not a size like 1280x720',
  }),
  framerate: decimal(0, 0, 1000, 'Capture frame rate; 0 lets the driver choose.'),
});

const sourceFields = section({
  url: text(
    '',
    'rtsp(s)://, http(s)://, a /dev/video* device, file:// or a file path (relative to the working directory). May hold credentials: never log it unredacted.',
    { required: true },
  ),
  kind: oneOf(
    '',
    ['', ...SOURCE_KIND_NAMES],
    'rtsp, http, v4l2 or file; empty = from the url. Needed for devices outside /dev/video*, e.g. /dev/v4l/by-id/...',
  ),
  realtime: optionalFlag(
    'Read at native speed (-re); file and http sources only. Default: true for files.',
  ),
  loop: optionalFlag(
    'Start again at the end; file and http sources only. Default: true for files.',
  ),
  input_args: stringList(
    [],
    'Extra ffmpeg input options placed before -i, one argument per item (never a shell string).',
  ),
  hwaccel: oneOf(
    'none',
    ['none', 'vaapi', 'cuda', 'v4l2m2m'],
    'Hardware decoding: none, vaapi, cuda or v4l2m2m.',
  ),
  v4l2,
  username: text('', 'rtsp/http user name, put into the url (percent-encoded).'),
  password: text('', 'rtsp/http password; prefer password_file so this file holds no secret.', {
    sensitive: true,
  }),
  password_file: text('', 'File holding the rtsp/http password (trailing newline ignored).'),
});

type SourceFields = z.output<typeof sourceFields>;
type Context = z.RefinementCtx;

/**
 * The source's keys checked against each other and against the kind's rules, beside any
 * problem of an unrelated key; a check that needs a key with a problem of its own is skipped.
 * Once every check passed, the kind is decided and the defaults that depend on it are set.
 */
export const sourceSection = sourceFields
  .superRefine(checkSource, { when: () => true })
  .transform((source) => {
    const kind = kindOf(source) as SourceKind;
    const { username, password, password_file, realtime, loop, ...rest } = source;
    // Files play in real time and loop unless told otherwise: they stand in for a camera.
    const { isLocalFile } = SOURCE_KINDS[kind];
    const url =
      isLocalFile && source.url.startsWith('file:') ? fileURLToPath(source.url) : source.url;
    return {
      ...rest,
      kind,
      url,
      realtime: realtime ?? isLocalFile,
      loop: loop ?? isLocalFile,
      credentials: { username, password, password_file },
    };
  });

function checkSource(source: SourceFields, context: Context): void {
  const failed = new Set(context.issues.map((issue) => issue.path?.[0]));
  const valid = (...keys: string[]) => keys.every((key) => !failed.has(key));
  if (typeof source !== 'object' || source === null || !valid('url', 'kind')) return;
  const kind = kindOf(source);
  if (typeof kind !== 'string') {
    report(context, kind.key, kind.message);
    return;
  }
  if (valid('realtime', 'loop')) checkPlayback(source, kind, context);
  if (valid('v4l2')) checkV4l2Options(source, kind, context);
  if (valid('username', 'password', 'password_file')) checkCredentials(source, kind, context);
  if (SOURCE_KINDS[kind].isLocalFile) checkFileUrl(source.url, context);
}

function report(context: Context, key: string, message: string): false {
  context.addIssue({ code: 'custom', path: [key], message });
  return false;
}

/** The kind the source declares or its url implies, or which key is wrong and why. */
function kindOf(source: SourceFields): SourceKind | { key: string; message: string } {
  const { url, kind } = source;
  const verdict = inferSourceKind(url);
  if (!verdict.ok) return { key: 'url', message: `${quoteValue(url)} ${verdict.reason}` };
  if (kind === '') return verdict.kind;
  const mismatch = kindMismatch(kind, url, verdict.kind);
  return mismatch === undefined
    ? kind
    : { key: 'kind', message: `url ${quoteValue(url)} ${mismatch}` };
}

/** realtime and loop only mean something for sources that have an end. */
function checkPlayback(source: SourceFields, kind: SourceKind, context: Context): void {
  if (!SOURCE_KINDS[kind].live) return;
  for (const key of ['realtime', 'loop'] as const) {
    if (source[key] === true) {
      report(context, key, `applies only to file and http sources, not live ${kind}`);
    }
  }
}

function checkV4l2Options(source: SourceFields, kind: SourceKind, context: Context): void {
  const { input_format: inputFormat, video_size: videoSize, framerate } = source.v4l2;
  const customised = inputFormat !== '' || videoSize !== '' || framerate !== 0;
  if (customised && !SOURCE_KINDS[kind].takesV4l2Options) {
    report(context, 'v4l2', `applies only to v4l2 sources, not ${kind}`);
  }
}

/** Credentials go into rtsp/http urls, once; the password file itself is read at load. */
function checkCredentials(source: SourceFields, kind: SourceKind, context: Context): boolean {
  const { username, password, password_file: passwordFile, url } = source;
  if (username === '' && password === '' && passwordFile === '') return true;
  const problem = (key: string, message: string) => report(context, key, message);
  if (SOURCE_KINDS[kind].withCredentials === undefined) {
    return problem('username', `credentials apply only to rtsp and http sources, not ${kind}`);
  }
  if (password !== '' && passwordFile !== '') {
    return problem('password_file', 'give either password or password_file, not both');
  }
  if (username === '') return problem('username', 'is required with a password');
  // ffmpeg decodes the userinfo before splitting it at the first ':' (HTTP Basic/Digest).
  if (username.includes(':')) {
    return problem('username', `${quoteValue(username)} must not contain ":"`);
  }
  if (hasUrlCredentials(url)) {
    return problem('url', `${quoteValue(url)} already holds credentials; give them once`);
  }
  return true;
}

function checkFileUrl(url: string, context: Context): void {
  if (!url.startsWith('file:')) return;
  try {
    fileURLToPath(url);
  } catch (error) {
    const reason = (error as Error).message;
    report(context, 'url', `${quoteValue(url)} is not a local file URL (${reason})`);
  }
}

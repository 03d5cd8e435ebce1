import { fileURLToPath } from 'node:url';
import * as z from 'zod';
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

/** The source with its kind decided and checked against the other keys. */
export const sourceSection = sourceFields.transform((source, context) => {
  const kind = decideKind(source, context);
  if (kind === undefined) return z.NEVER;
  const playback = checkPlayback(source, kind, context);
  const v4l2Fits = checkV4l2Options(source, kind, context);
  const credentialsFit = checkCredentials(source, kind, context);
  const url = SOURCE_KINDS[kind].isLocalFile ? filePath(source.url, context) : source.url;
  if (!playback || !v4l2Fits || !credentialsFit || url === undefined) return z.NEVER;
  const { username, password, password_file, realtime: _, loop: __, ...rest } = source;
  return { ...rest, kind, url, ...playback, credentials: { username, password, password_file } };
});

function report(context: Context, key: string, message: string): undefined {
  context.addIssue({ code: 'custom', path: [key], message });
  return undefined;
}

function decideKind(source: SourceFields, context: Context): SourceKind | undefined {
  const { url, kind } = source;
  const verdict = inferSourceKind(url);
  if (!verdict.ok) return report(context, 'url', `${quoteValue(url)} ${verdict.reason}`);
  if (kind === '') return verdict.kind;
  const mismatch = kindMismatch(kind, url, verdict.kind);
  return mismatch === undefined
    ? kind
    : report(context, 'kind', `url ${quoteValue(url)} ${mismatch}`);
}

/** realtime and loop only mean something for sources that have an end. */
function checkPlayback(source: SourceFields, kind: SourceKind, context: Context) {
  const { realtime, loop } = source;
  const { live } = SOURCE_KINDS[kind];
  let fits = true;
  for (const [key, value] of [['realtime', realtime] as const, ['loop', loop] as const]) {
    if (live && value === true) {
      report(context, key, `applies only to file and http sources, not live ${kind}`);
      fits = false;
    }
  }
  // Files play in real time and loop unless told otherwise: they stand in for a camera.
  const { isLocalFile } = SOURCE_KINDS[kind];
  return fits ? { realtime: realtime ?? isLocalFile, loop: loop ?? isLocalFile } : undefined;
}

function checkV4l2Options(source: SourceFields, kind: SourceKind, context: Context): boolean {
  const { input_format: inputFormat, video_size: videoSize, framerate } = source.v4l2;
  const customised = inputFormat !== '' || videoSize !== '' || framerate !== 0;
  if (SOURCE_KINDS[kind].takesV4l2Options || !customised) return true;
  report(context, 'v4l2', `applies only to v4l2 sources, not ${kind}`);
  return false;
}

/** Credentials go into rtsp/http urls, once; the password file itself is read at load. */
function checkCredentials(source: SourceFields, kind: SourceKind, context: Context): boolean {
  const { username, password, password_file: passwordFile, url } = source;
  if (username === '' && password === '' && passwordFile === '') return true;
  const problem = (key: string, message: string) => report(context, key, message) ?? false;
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

function filePath(url: string, context: Context): string | undefined {
  if (!url.startsWith('file:')) return url;
  try {
    return fileURLToPath(url);
  } catch (error) {
    const reason = (error as Error).message;
    return report(context, 'url', `${quoteValue(url)} is not a local file URL (${reason})`);
  }
}

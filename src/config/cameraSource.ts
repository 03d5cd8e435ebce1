import { fileURLToPath } from 'node:url';
import { fileProblem, resolveFrom } from './files.js';
import type { FileCamera } from './fileTypes.js';
import type { CheckedValues } from './problems.js';
import { quoteValue } from './redact.js';
import { applyCredentials, type SourceContext } from './sourceCredentials.js';
import { inferSourceKind, kindMismatch } from './sourceUrl.js';
import type { SourceConfig, SourceKind } from './types.js';

type Checked = CheckedValues<FileCamera>;

/** The camera's source with its kind decided, paths resolved and credentials in the url. */
export function buildSource(checked: Checked, context: SourceContext): SourceConfig | undefined {
  const kind = decideKind(checked, context);
  if (kind === undefined) return undefined;
  const playback = checkPlayback(checked, kind, context);
  const v4l2Fits = checkV4l2Options(checked, kind, context);
  const url = resolveUrl(checked, kind, context);
  if (url === undefined || playback === undefined || !v4l2Fits) return undefined;
  if (!checked.allValid('source.input_args', 'source.hwaccel')) return undefined;
  const { source } = checked.values;
  return {
    kind,
    url,
    ...playback,
    v4l2: {
      inputFormat: source.v4l2.input_format,
      videoSize: source.v4l2.video_size,
      framerate: source.v4l2.framerate,
    },
    inputArgs: [...source.input_args],
    hwaccel: source.hwaccel,
  };
}

function decideKind(checked: Checked, context: SourceContext): SourceKind | undefined {
  if (!checked.allValid('source.url', 'source.kind')) return undefined;
  const { url, kind } = checked.values.source;
  const verdict = inferSourceKind(url);
  if (!verdict.ok) {
    context.problems.add(checked.pathOf('source.url'), `${quoteValue(url)} ${verdict.reason}`);
    return undefined;
  }
  if (kind === '') return verdict.kind;
  const mismatch = kindMismatch(kind, url, verdict.kind);
  if (mismatch === undefined) return kind;
  context.problems.add(checked.pathOf('source.kind'), `url ${quoteValue(url)} ${mismatch}`);
  return undefined;
}

/** realtime and loop only mean something for sources that have an end. */
function checkPlayback(
  checked: Checked,
  kind: SourceKind,
  context: SourceContext,
): { realtime: boolean; loop: boolean } | undefined {
  if (!checked.allValid('source.realtime', 'source.loop')) return undefined;
  const { realtime, loop } = checked.values.source;
  const live = kind === 'rtsp' || kind === 'v4l2';
  let fits = true;
  for (const [key, value] of [['realtime', realtime] as const, ['loop', loop] as const]) {
    if (live && value === true) {
      context.problems.add(
        checked.pathOf(`source.${key}`),
        `applies only to file and http sources, not live ${kind}`,
      );
      fits = false;
    }
  }
  const isFile = kind === 'file';
  return fits ? { realtime: realtime ?? isFile, loop: loop ?? isFile } : undefined;
}

function checkV4l2Options(checked: Checked, kind: SourceKind, context: SourceContext): boolean {
  if (!checked.isValid('source.v4l2')) return false;
  const {
    input_format: inputFormat,
    video_size: videoSize,
    framerate,
  } = checked.values.source.v4l2;
  const customised = inputFormat !== '' || videoSize !== '' || framerate !== 0;
  if (kind === 'v4l2' || !customised) return true;
  context.problems.add(checked.pathOf('source.v4l2'), `applies only to v4l2 sources, not ${kind}`);
  return false;
}

function resolveUrl(
  checked: Checked,
  kind: SourceKind,
  context: SourceContext,
): string | undefined {
  const { url } = checked.values.source;
  if (kind === 'rtsp' || kind === 'http') return applyCredentials(checked, kind, url, context);
  // Only reports: credentials on a device or file are a mistake worth pointing out.
  if (applyCredentials(checked, kind, url, context) === undefined) return undefined;
  if (kind === 'v4l2') return url;
  return resolveFilePath(checked, url, context);
}

function resolveFilePath(
  checked: Checked,
  url: string,
  context: SourceContext,
): string | undefined {
  let path = url;
  try {
    if (url.startsWith('file:')) path = fileURLToPath(url);
  } catch (error) {
    context.problems.add(
      checked.pathOf('source.url'),
      `${quoteValue(url)} is not a local file URL (${(error as Error).message})`,
    );
    return undefined;
  }
  const problem = context.enabled ? fileProblem(context.cwd, path) : undefined;
  if (problem === undefined) return resolveFrom(context.cwd, path);
  context.problems.add(checked.pathOf('source.url'), problem);
  return undefined;
}

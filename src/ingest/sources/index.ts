import { file } from './file.js';
import { http } from './http.js';
import { rtsp } from './rtsp.js';
import type { SourceKindRules } from './sourceKind.js';
import { userinfoSlashProblem } from './urlCredentials.js';
import { isVideoDevice, v4l2 } from './v4l2.js';

/** Every kind of camera source; configuration checks and ffmpeg's argv both read it. */
export const SOURCE_KINDS = { rtsp, http, v4l2, file } as const satisfies Record<
  string,
  SourceKindRules
>;
export type SourceKind = keyof typeof SOURCE_KINDS;
export const SOURCE_KIND_NAMES = Object.keys(SOURCE_KINDS) as [SourceKind, ...SourceKind[]];
export type { SourceKindRules } from './sourceKind.js';
export { hasUrlCredentials } from './urlCredentials.js';

/**
 * What a url is, from its text alone (no file system, no network). Every message quotes the
 * url through the caller's redaction, so these return fragments, not whole messages.
 */
export type UrlVerdict = { ok: true; kind: SourceKind } | { ok: false; reason: string };

const SUPPORTED = 'use rtsp(s)://, http(s)://, a /dev/video* device, file:// or a file path';
// Something that starts like a URL but is not one ("rtsp//cam", "rtsp:/cam", "http:cam") is
// a typo, not a file called that.
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;
const BROKEN_SCHEME = /^(rtsps?|https?|file|rtmps?|udp|tcp|srt)\/\//i;

/** The kind the url implies, or why it is unusable. */
export function inferSourceKind(url: string): UrlVerdict {
  if (isVideoDevice(url)) return { ok: true, kind: 'v4l2' };
  if (url.includes('://')) return checkUrl(url);
  if (URL_LIKE.test(url) || BROKEN_SCHEME.test(url)) {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (hasControlCharacter(url)) return { ok: false, reason: 'holds control characters' };
  return { ok: true, kind: 'file' };
}

/** Whether a declared `kind` can read this url; undefined when it can. */
export function kindMismatch(
  kind: SourceKind,
  url: string,
  implied: SourceKind,
): string | undefined {
  if (kind === implied || SOURCE_KINDS[kind].acceptsDeclared?.(url, implied)) return undefined;
  return `does not fit kind "${kind}" (the url reads as ${implied})`;
}

function checkUrl(url: string): UrlVerdict {
  // WHATWG URL quietly percent-encodes these, but ffmpeg gets the text as written.
  if (/\s/.test(url) || hasControlCharacter(url)) {
    return {
      ok: false,
      reason: 'is not a valid URL: it holds spaces or control characters (percent-encode them)',
    };
  }
  const slashInUserinfo = userinfoSlashProblem(url);
  if (slashInUserinfo !== undefined) return { ok: false, reason: slashInUserinfo };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  const kind = SOURCE_KIND_NAMES.find((name) =>
    SOURCE_KINDS[name].schemes.includes(parsed.protocol),
  );
  if (kind === undefined) {
    return { ok: false, reason: `has an unsupported scheme "${parsed.protocol}" (${SUPPORTED})` };
  }
  if (!SOURCE_KINDS[kind].isLocalFile && parsed.hostname === '') {
    return { ok: false, reason: 'has no host' };
  }
  return { ok: true, kind };
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) < 0x20) return true;
  }
  return false;
}

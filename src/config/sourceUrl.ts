import type { SourceKind } from './types.js';

/**
 * What a camera source url is, from its text alone (no file system, no network): rtsp(s) and
 * http(s) URLs, /dev/video* devices, file:// URLs and plain paths. Every message quotes the
 * url through the caller's redaction, so these return fragments, not whole messages.
 */

export type UrlVerdict = { ok: true; kind: SourceKind } | { ok: false; reason: string };

const SCHEME_KINDS: Record<string, SourceKind> = {
  'rtsp:': 'rtsp',
  'rtsps:': 'rtsp',
  'http:': 'http',
  'https:': 'http',
  'file:': 'file',
};
const SUPPORTED = 'use rtsp(s)://, http(s)://, a /dev/video* device, file:// or a file path';
// Something that starts like a URL but is not one ("rtsp//cam", "rtsp:/cam", "http:cam") is
// a typo, not a file called that.
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;
const BROKEN_SCHEME = /^(rtsps?|https?|file|rtmps?|udp|tcp|srt)\/\//i;

/** The kind the url implies, or why it is unusable. */
export function inferSourceKind(url: string): UrlVerdict {
  if (url.startsWith('/dev/video')) return { ok: true, kind: 'v4l2' };
  if (url.includes('://')) return checkNetworkUrl(url);
  if (URL_LIKE.test(url) || BROKEN_SCHEME.test(url)) {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (hasControlCharacter(url)) return { ok: false, reason: 'holds control characters' };
  return { ok: true, kind: 'file' };
}

function checkNetworkUrl(url: string): UrlVerdict {
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
  const kind = SCHEME_KINDS[parsed.protocol];
  if (kind === undefined) {
    return { ok: false, reason: `has an unsupported scheme "${parsed.protocol}" (${SUPPORTED})` };
  }
  if (kind !== 'file' && parsed.hostname === '') return { ok: false, reason: 'has no host' };
  return { ok: true, kind };
}

/**
 * A raw '/' ends the authority, so in `rtsp://viewer:12345/678@host/s` the URL parser and
 * ffmpeg both read host "viewer" port 12345, and the password would be shown as a path. An
 * '@' after the first '/' (before any query) is taken as such a userinfo: a path that really
 * holds one can write it as %40.
 */
function userinfoSlashProblem(url: string): string | undefined {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const beforeQuery = afterScheme.split(/[?#]/, 1)[0] ?? '';
  const slash = beforeQuery.indexOf('/');
  if (slash < 0 || !beforeQuery.includes('@', slash)) return undefined;
  return (
    "has an '@' after a '/': a user name or password holding '/' must be percent-encoded " +
    "(%2F; and '@' in a path as %40), or given as source.username and source.password_file"
  );
}

/** Whether an explicit `kind` can read this url; undefined when it can. */
export function kindMismatch(
  kind: SourceKind,
  url: string,
  implied: SourceKind,
): string | undefined {
  if (kind === implied) return undefined;
  // Stable device names such as /dev/v4l/by-id/usb-...-video-index0 are v4l2 by declaration.
  const isPath = implied === 'file' && !url.includes('://');
  if (kind === 'v4l2' && isPath && url.startsWith('/dev/')) return undefined;
  return `does not fit kind "${kind}" (the url reads as ${implied})`;
}

/** Credentials already written into an rtsp/http url. */
export function hasUrlCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** Puts percent-encoded credentials into a URL that has none, leaving the rest untouched. */
export function withCredentials(url: string, username: string, password: string): string {
  const userinfo =
    password === ''
      ? encodeURIComponent(username)
      : `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, `$1${userinfo}@`);
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) < 0x20) return true;
  }
  return false;
}

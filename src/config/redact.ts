/**
 * Hiding credentials in URLs and in text that quotes URLs. Every function here must survive
 * any input: they run on error paths, where a throw would hide the real problem.
 */

const SCHEME_PREFIX = /^(\s*[a-z][a-z0-9+.-]*:\/\/)(.*)$/is;
// Query parameters that carry secrets in camera and broker URLs (tokens, signed links).
const SECRET_PARAM =
  /([?&;](?:password|passwd|pass|pwd|token|secret|key|auth|sig|signature|apikey|api_key|access_token)=)[^&#\s"']*/gi;
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const MAX_QUOTED_CHARS = 200;

/**
 * `rtsp://user:pass@host/x?token=t` → `rtsp://user:***@host/x?token=***`. The user name is
 * kept: it helps to tell cameras apart and is not the secret. Never throws.
 */
export function redactUrl(url: string): string {
  try {
    const text = String(url);
    const match = SCHEME_PREFIX.exec(text);
    if (!match) return redactSecretParams(text);
    const head = match[1] ?? '';
    const rest = match[2] ?? '';
    return head + redactSecretParams(redactUserinfo(rest));
  } catch {
    return '[unprintable]';
  }
}

/** Redacts every URL found inside free text (error messages, ffmpeg output). Never throws. */
export function redactUrlsInText(text: string): string {
  try {
    return String(text).replace(URL_IN_TEXT, (found) => redactUrl(found));
  } catch {
    return '[unprintable]';
  }
}

/**
 * A value as it may appear in an error message: JSON-quoted, shortened, URLs redacted.
 * Strings are redacted before quoting so that a password with spaces is still caught.
 */
export function quoteValue(value: unknown): string {
  try {
    if (typeof value === 'string') return shorten(JSON.stringify(redactUrl(value)));
    if (value === undefined) return 'nothing';
    return shorten(redactUrlsInText(JSON.stringify(value) ?? String(value)));
  } catch {
    return '[unprintable]';
  }
}

function shorten(quoted: string): string {
  return quoted.length <= MAX_QUOTED_CHARS ? quoted : `${quoted.slice(0, MAX_QUOTED_CHARS)}...`;
}

function redactSecretParams(text: string): string {
  return text.replace(SECRET_PARAM, '$1***');
}

function redactUserinfo(afterScheme: string): string {
  const at = userinfoEnd(afterScheme);
  if (at < 0) return afterScheme;
  const userinfo = afterScheme.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return afterScheme;
  return `${userinfo.slice(0, colon)}:***${afterScheme.slice(at)}`;
}

/** Index of the '@' that ends the userinfo, or -1. */
function userinfoEnd(afterScheme: string): number {
  const authority = untilFirst(afterScheme, /[/?#]/);
  const at = authority.lastIndexOf('@');
  if (at >= 0) return at;
  // A password holding a raw '/' (rtsp://u:p/w@host) still has to be hidden, even where the
  // URL parses: rtsp://viewer:12345/678@host reads as host "viewer", port 12345. Hiding up to
  // an '@' in the path of a URL that meant none is the safe side.
  const beforeQuery = untilFirst(afterScheme, /[?#]/);
  const lateAt = beforeQuery.lastIndexOf('@');
  return lateAt >= 0 && beforeQuery.slice(0, lateAt).includes(':') ? lateAt : -1;
}

function untilFirst(text: string, stop: RegExp): string {
  const end = text.search(stop);
  return end < 0 ? text : text.slice(0, end);
}

/** Longer targets are not ours to serve: our paths and queries are a few dozen bytes. */
export const MAX_TARGET_LENGTH = 2048;

export type RequestTarget =
  | { ok: true; path: string; query: URLSearchParams; originForm: string }
  | { ok: false; status: 400 | 414; reason: string };

const ABSOLUTE_FORM = /^https?:\/\//i;
/** A '%' not followed by two hex digits: WHATWG URL passes it through, RFC 3986 forbids it. */
const BROKEN_PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/**
 * Splits a request target (RFC 9112 §3.2) into path and query, or says why it is malformed.
 * Only origin-form (`/path?query`) and http(s) absolute-form are served; the client chose the
 * target, so a bad one is the client's error (400), never a thrown exception.
 */
export function parseRequestTarget(target: string): RequestTarget {
  if (target.length > MAX_TARGET_LENGTH) {
    return { ok: false, status: 414, reason: `request target over ${MAX_TARGET_LENGTH} bytes` };
  }
  if (BROKEN_PERCENT_ESCAPE.test(target)) return badTarget('broken percent-escape');
  // Origin-form is appended to a fixed origin rather than resolved against it, so '//host/x'
  // stays a path instead of becoming a network-path reference to another host.
  const absolute = target.startsWith('/')
    ? `http://localhost${target}`
    : ABSOLUTE_FORM.test(target)
      ? target
      : null;
  if (absolute === null) return badTarget('neither origin-form nor http(s) absolute-form');
  if (!URL.canParse(absolute)) return badTarget('not a valid URL');
  const url = new URL(absolute);
  return {
    ok: true,
    path: url.pathname,
    query: url.searchParams,
    originForm: `${url.pathname}${url.search}`,
  };
}

function badTarget(reason: string): RequestTarget {
  return { ok: false, status: 400, reason };
}

/**
 * Credentials of network sources (rtsp, http), written into the url's userinfo so the
 * configuration file itself can keep the secret out (source.password_file).
 */

/** Credentials already written into the url. */
export function hasUrlCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** Puts percent-encoded credentials into a url that has none, leaving the rest untouched. */
export function withCredentials(url: string, username: string, password: string): string {
  const userinfo =
    password === ''
      ? encodeURIComponent(username)
      : `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, `$1${userinfo}@`);
}

/**
 * A raw '/' ends the authority, so in `rtsp://viewer:12345/678@host/s` the URL parser and
 * ffmpeg both read host "viewer" port 12345, and the password would be shown as a path. An
 * '@' after the first '/' (before any query) is taken as such a userinfo: a path that really
 * holds one can write it as %40.
 */
export function userinfoSlashProblem(url: string): string | undefined {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const beforeQuery = afterScheme.split(/[?#]/, 1)[0] ?? '';
  const slash = beforeQuery.indexOf('/');
  if (slash < 0 || !beforeQuery.includes('@', slash)) return undefined;
  return (
    "has an '@' after a '/': a user name or password holding '/' must be percent-encoded " +
    "(%2F; and '@' in a path as %40), or given as source.username and source.password_file"
  );
}

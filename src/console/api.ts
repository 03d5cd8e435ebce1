/** The daemon's HTTP API as the page uses it: the session cookie rides along by itself. */

export interface SessionInfo {
  authenticated: boolean;
  token_required: boolean;
  loopback_only: boolean;
  csrf: string | null;
}

let csrf: string | null = null;

export async function session(): Promise<SessionInfo> {
  const info = (await (await fetch('/api/session')).json()) as SessionInfo;
  csrf = info.csrf;
  return info;
}

export async function login(token: string): Promise<boolean> {
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) return false;
  csrf = ((await response.json()) as { csrf: string }).csrf;
  return true;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** Every change is a POST with the session's CSRF token in a header. */
export async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf ?? '' },
    body: JSON.stringify(body),
  });
}

/**
 * Why the daemon did not make a change, in its own words; null when it made it. Someone who
 * clicked needs to see a refusal (a session that ran out, a daemon that is down): the state
 * the page shows would otherwise just stay as it was.
 */
export async function refusal(answer: Promise<Response>): Promise<string | null> {
  let response: Response;
  try {
    response = await answer;
  } catch {
    return 'the daemon cannot be reached';
  }
  if (response.ok) return null;
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : `the daemon answered ${response.status}`;
}

export function setDetect(camera: string, on: boolean): Promise<Response> {
  return post(`/api/cameras/${encodeURIComponent(camera)}/detect`, { on });
}

export function suspendRule(rule: string, minutes: number): Promise<Response> {
  return post(`/api/rules/${encodeURIComponent(rule)}/suspend`, { minutes });
}

export function liveUrl(camera: string): string {
  return `/api/live/${encodeURIComponent(camera)}.mjpeg`;
}

/** The camera's own stream passed through (WebSocket, fragmented MP4), on this page's host. */
export function passthroughUrl(camera: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/live/${encodeURIComponent(camera)}/h264`;
}

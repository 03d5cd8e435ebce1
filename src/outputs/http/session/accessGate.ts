import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerTokenMatches } from '../bearerToken.js';
import { sendJson } from '../jsonReply.js';
import type { Session, SessionStore } from './sessionStore.js';

export const SESSION_COOKIE = 'actionwatch_session';
export const CSRF_HEADER = 'x-csrf-token';

/** What anyone may fetch: the console's shell and assets (no data in them), and logging in. */
const PUBLIC_PATHS = new Set(['/', '/favicon.ico', '/api/session', '/api/login']);
const PUBLIC_PREFIX = '/console/';

export type Access = { kind: 'bearer' } | { kind: 'session'; session: Session } | { kind: 'open' };

/**
 * Who may do what. With a token configured: API clients send it as a bearer token; a browser
 * logs in with it once and then shows its session cookie (HttpOnly, SameSite=Strict). Without
 * one the daemon only listens on loopback and everything is open to this machine's users.
 *
 * Every state-changing request (POST) from a browser also carries the session's CSRF token in a
 * header, which another site can neither read nor set; a bearer token is never sent by a
 * browser on its own, so it needs none. Requests that say they come from a page (Origin) must
 * come from this daemon's own pages, which also keeps other sites off the push socket.
 */
export class AccessGate {
  constructor(
    private readonly token: string,
    private readonly sessions: SessionStore,
  ) {}

  get tokenRequired(): boolean {
    return this.token !== '';
  }

  /**
   * Decides, and answers the refused request itself; returns null when refused. `changesState`
   * marks the routes that need the CSRF token (see routeChangesState).
   */
  check(req: FastifyRequest, reply: FastifyReply, changesState: boolean): Access | null {
    if (!sameOrigin(req)) {
      sendJson(reply, 403, { error: 'cross-origin request refused' });
      return null;
    }
    if (this.token === '' && !loopbackHost(req.headers.host)) {
      // Open only to this machine: a page that rebinds its own name to 127.0.0.1 is not.
      sendJson(reply, 403, { error: 'without a token only loopback host names are served' });
      return null;
    }
    const path = req.url.split('?')[0] ?? '/';
    const access = this.identify(req);
    const isPublic = PUBLIC_PATHS.has(path) || path.startsWith(PUBLIC_PREFIX);
    if (access === null) {
      if (isPublic) return { kind: 'open' };
      reply.header('WWW-Authenticate', 'Bearer realm="actionwatch"');
      sendJson(reply, 401, { error: 'a valid bearer token is required' });
      return null;
    }
    if (changesState && !this.csrfPasses(req, access)) {
      sendJson(reply, 403, { error: `a valid ${CSRF_HEADER} header is required` });
      return null;
    }
    return access;
  }

  /** The session this request shows, if any, whatever else authorizes it. */
  sessionOf(req: FastifyRequest): Session | null {
    return this.sessions.find(req.cookies[SESSION_COOKIE]);
  }

  private identify(req: FastifyRequest): Access | null {
    if (this.token !== '' && bearerTokenMatches(req.headers.authorization, this.token)) {
      return { kind: 'bearer' };
    }
    const session = this.sessionOf(req);
    if (session !== null) return { kind: 'session', session };
    return this.token === '' ? { kind: 'open' } : null;
  }

  private csrfPasses(req: FastifyRequest, access: Access): boolean {
    if (access.kind === 'bearer') return true;
    // Open (no token): the page still gets a session for its CSRF token, see /api/session.
    const session = access.kind === 'session' ? access.session : this.sessionOf(req);
    const sent = req.headers[CSRF_HEADER];
    return session !== null && typeof sent === 'string' && sameSecret(sent, session.csrf);
  }
}

/** Does a token sent by the client equal ours? Constant time, whatever the lengths. */
export function sameSecret(sent: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/** No Origin (curl, a same-origin GET) passes; one naming another host does not. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
}

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port. */
function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name ?? '');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route changes something: a browser must show its session's CSRF token. */
    changesState?: boolean;
  }
}

/** Routes that change something say so in their config: `{ config: { changesState: true } }`. */
export function routeChangesState(req: FastifyRequest): boolean {
  return req.routeOptions.config?.changesState === true;
}

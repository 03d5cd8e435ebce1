import type { FastifyInstance } from 'fastify';
import { sendJson } from '../jsonReply.js';
import { type AccessGate, SESSION_COOKIE, sameSecret } from './accessGate.js';
import { type SecureCookies, sessionCookieOptions } from './cookieSecurity.js';
import type { SessionStore } from './sessionStore.js';

/** Wrong tokens a client may try per minute; a person mistyping needs a few. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 5;

export interface LoginRouteOptions {
  token: string;
  gate: AccessGate;
  sessions: SessionStore;
  /** Whether the daemon listens on loopback only; the page says so. */
  loopbackOnly: boolean;
  secureCookies: SecureCookies;
}

/**
 * GET /api/session: whether this browser is in, and its CSRF token (never the bearer token).
 * POST /api/login {token}: swaps the bearer token for a session cookie; rate-limited per
 * client address. POST /api/logout ends the session.
 */
export function registerLoginRoutes(app: FastifyInstance, opts: LoginRouteOptions): void {
  const { token, gate, sessions, secureCookies } = opts;
  app.get('/api/session', (req, reply) => {
    let session = gate.sessionOf(req);
    // Without a token nobody logs in, but the page still needs a CSRF token for its POSTs.
    if (session === null && !gate.tokenRequired) {
      session = sessions.create();
      reply.setCookie(SESSION_COOKIE, session.id, sessionCookieOptions(req, secureCookies));
    }
    return sendJson(reply, 200, {
      authenticated: session !== null,
      token_required: gate.tokenRequired,
      loopback_only: opts.loopbackOnly,
      csrf: session?.csrf ?? null,
    });
  });
  app.post(
    '/api/login',
    { config: { rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } } },
    (req, reply) => {
      const sent = (req.body as { token?: unknown } | null)?.token;
      if (typeof sent !== 'string' || (token !== '' && !sameSecret(sent, token))) {
        return sendJson(reply, 401, { error: 'wrong token' });
      }
      sessions.delete(req.cookies[SESSION_COOKIE]);
      const session = sessions.create();
      reply.setCookie(SESSION_COOKIE, session.id, sessionCookieOptions(req, secureCookies));
      return sendJson(reply, 200, { authenticated: true, csrf: session.csrf });
    },
  );
  app.post('/api/logout', { config: { changesState: true } }, (req, reply) => {
    sessions.delete(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req, secureCookies));
    return sendJson(reply, 200, { authenticated: false });
  });
}

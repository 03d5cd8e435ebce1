import type { FastifyRequest } from 'fastify';
import { SESSION_LIFETIME_MS } from './sessionStore.js';

/** http.secure_cookies: when the session cookie carries Secure. */
export type SecureCookies = 'auto' | 'always' | 'never';

/**
 * The session cookie's attributes for this request. Secure keeps a browser from ever sending
 * the cookie over plain http (where anyone on the path could take the session); but a
 * browser on plain http would refuse a Secure cookie and could never log in, hence `auto`:
 * Secure when the request came over TLS or through a trusted proxy that says https
 * (request.protocol believes X-Forwarded-Proto only from http.trust_proxy).
 * Not @fastify/cookie's own secure: 'auto', which also lowers SameSite to Lax on http.
 */
export function sessionCookieOptions(req: FastifyRequest, secureCookies: SecureCookies) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    maxAge: SESSION_LIFETIME_MS / 1000,
    secure: secureCookies === 'always' || (secureCookies === 'auto' && req.protocol === 'https'),
  };
}

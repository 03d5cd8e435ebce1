import type { FastifyReply } from 'fastify';

/**
 * Scripts, styles and pictures come only from the daemon itself, nothing inline (an injected
 * label or camera name can never run), no framing (clickjacking on the switches).
 * `connect-src 'self'` covers the push socket on the same host and port.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every answer: nothing cached (answers are live state), nothing sniffed or framed. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'no-referrer');
}

import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/index.js';

/** A browser that logged in: its cookie value and the CSRF token its POSTs must carry. */
export interface Session {
  id: string;
  csrf: string;
  createdAtMs: number;
}

/** A console left open for a working day stays logged in; a stolen cookie does not live on. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Each login makes one; more than this are only possible from a script, so the oldest go. */
const MAX_SESSIONS = 256;

/**
 * Console sessions, in memory only: a restart logs every browser out, which is the safe
 * direction, and no secret ever reaches the disk. Ids are 256 random bits.
 */
export class SessionStore {
  /** Oldest first (a Map keeps insertion order), so eviction takes the front. */
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  create(): Session {
    const session = { id: token(), csrf: token(), createdAtMs: this.clock.now() };
    this.sessions.set(session.id, session);
    while (this.sessions.size > MAX_SESSIONS) {
      const [oldest] = this.sessions.keys();
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }

  /** The live session of this cookie value, or null (unknown or expired). */
  find(id: string | undefined): Session | null {
    if (id === undefined || id === '') return null;
    const session = this.sessions.get(id);
    if (session === undefined) return null;
    if (this.clock.now() - session.createdAtMs > SESSION_LIFETIME_MS) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

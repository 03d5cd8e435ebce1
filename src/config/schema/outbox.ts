import { integer } from './leaves.js';
import { section } from './section.js';

/** `outbox`: the bounds of the on-disk queue of events and alerts while the broker is away. */
export const outboxSection = section({
  max_messages: integer(
    10_000,
    1,
    10_000_000,
    'Most undelivered events and alerts kept on disk while the broker is away; beyond it the oldest are dropped (counted and logged).',
  ),
  max_bytes: integer(
    16 * 1024 * 1024,
    4096,
    1024 * 1024 * 1024,
    'Most bytes of undelivered payloads kept on disk; beyond it the oldest are dropped.',
  ),
});

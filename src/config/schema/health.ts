import { integer } from './leaves.js';
import { section } from './section.js';

/** `health`: when the daemon counts as hung. */
export const healthSection = section({
  inference_timeout_ms: integer(
    60_000,
    1000,
    3_600_000,
    'An inference running longer than this counts as hung: /healthz fails and systemd watchdog pings stop, so systemd restarts the daemon.',
  ),
});

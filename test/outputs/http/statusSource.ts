import type { StatusSource } from '../../../src/outputs/http/statusRoutes.js';

/** A healthy daemon with no cameras and empty metrics: for tests of the other routes. */
export const QUIET_STATUS_SOURCE: StatusSource = {
  health: () => ({ live: true, ready: true, problems: [], waitingFor: [] }),
  cameras: () => [],
  metricsText: () => '',
};

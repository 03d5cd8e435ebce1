import { InferenceMonitor } from '../../../src/metrics/inferenceMonitor.js';
import type { MetricsInput } from '../../../src/outputs/http/daemonMetrics.js';
import { ManualClock } from '../../helpers/manualClock.js';

/** A healthy daemon with nothing published yet; tests override the part they look at. */
export function quietMetricsInput(overrides: Partial<MetricsInput> = {}): MetricsInput {
  return {
    cameras: [],
    inference: new InferenceMonitor(new ManualClock(0)).snapshot(),
    mqtt: { connected: true, published: 0, dropped: 0, publishFailures: 0 },
    outbox: null,
    health: { live: true, ready: true, problems: [], faults: [], waitingFor: [] },
    process: {
      rssBytes: 1,
      openFds: 1,
      cpuSeconds: 1,
      startTimeSeconds: 1,
      heapUsedBytes: 1,
      eventLoopLagP99Seconds: 0,
      eventLoopLagMaxSeconds: 0,
    },
    version: '0.1.0',
    ...overrides,
  };
}

import type { SourceState } from './sourceState.js';

/**
 * One word for how well a camera connection is doing, for dashboards and the status API:
 * `good` streams at the expected rate with no restart in the last hour; `degraded` had a
 * restart or runs below 90 % of the expected rate; `poor` restarts often (6+ an hour, i.e.
 * about every 10 minutes) or delivers under half the frames; `down` is not streaming now.
 */
export type ConnectionQuality = 'good' | 'degraded' | 'poor' | 'down';

export interface QualityInput {
  state: SourceState;
  restartsLastHour: number;
  /** Frames per second delivered recently. */
  fps: number;
  /** Frames per second the source should deliver (the model's sampling rate). */
  expectedFps: number;
  /** How long the current run has been online; the rate is judged only after a while. */
  onlineForMs: number;
}

const POOR_RESTARTS_PER_HOUR = 6;
/** A camera's first seconds come in a burst or a trickle: too early to judge the rate. */
const RATE_SETTLE_MS = 10_000;

export function connectionQuality(input: QualityInput): ConnectionQuality {
  if (input.state !== 'online') return 'down';
  const settled = input.onlineForMs >= RATE_SETTLE_MS && input.expectedFps > 0;
  const rateRatio = settled ? input.fps / input.expectedFps : 1;
  if (input.restartsLastHour >= POOR_RESTARTS_PER_HOUR || rateRatio < 0.5) return 'poor';
  if (input.restartsLastHour > 0 || rateRatio < 0.9) return 'degraded';
  return 'good';
}

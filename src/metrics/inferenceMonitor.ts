import { type Clock, systemClock } from '../core/index.js';
import { Histogram, type HistogramSnapshot, INFERENCE_SECONDS_BUCKETS } from './histogram.js';

export interface InferenceSnapshot {
  /** When the run in flight started; null when none is. */
  inFlightSinceMs: number | null;
  runs: number;
  failures: number;
  /** Seconds per run (one batch), for the latency histogram. */
  seconds: HistogramSnapshot;
}

/**
 * Watches the inference runs the scheduler makes: how long each took (the latency
 * histogram) and whether one has been running for too long — a hung GPU driver or
 * onnxruntime deadlock shows up only here, since everything else keeps running around it.
 */
export class InferenceMonitor {
  private readonly histogram = new Histogram(INFERENCE_SECONDS_BUCKETS);
  private inFlightSinceMs: number | null = null;
  private runs = 0;
  private failures = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Runs `work` (one engine run) and records it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const startedMs = this.clock.now();
    this.inFlightSinceMs = startedMs;
    try {
      const result = await work();
      this.runs += 1;
      this.histogram.observe((this.clock.now() - startedMs) / 1000);
      return result;
    } catch (err) {
      this.failures += 1;
      throw err;
    } finally {
      this.inFlightSinceMs = null;
    }
  }

  snapshot(): InferenceSnapshot {
    return {
      inFlightSinceMs: this.inFlightSinceMs,
      runs: this.runs,
      failures: this.failures,
      seconds: this.histogram.snapshot(),
    };
  }
}

export {
  Histogram,
  type HistogramSnapshot,
  INFERENCE_SECONDS_BUCKETS,
  LIVE_WRITE_SECONDS_BUCKETS,
} from './histogram.js';
export { InferenceMonitor, type InferenceSnapshot } from './inferenceMonitor.js';
export {
  type HistogramSeries,
  type Labels,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
  type Sample,
} from './metricsRegistry.js';

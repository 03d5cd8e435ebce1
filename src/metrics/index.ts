export { Histogram, type HistogramSnapshot, INFERENCE_SECONDS_BUCKETS } from './histogram.js';
export { InferenceMonitor, type InferenceSnapshot } from './inferenceMonitor.js';
export {
  type Labels,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
  type Sample,
} from './metricsRegistry.js';

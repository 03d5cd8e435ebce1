export { Histogram, type HistogramSnapshot, INFERENCE_SECONDS_BUCKETS } from './histogram.js';
export { InferenceMonitor, type InferenceSnapshot } from './inferenceMonitor.js';
export {
  type Labels,
  PROMETHEUS_CONTENT_TYPE,
  PrometheusText,
  type Sample,
} from './prometheusText.js';

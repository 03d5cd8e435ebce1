import { Counter, Gauge, Registry } from 'prom-client';
import type { HistogramSnapshot } from './histogram.js';

/**
 * A prom-client registry filled from values gathered at scrape time: the daemon's counters
 * live in its parts (frames, windows, outbox), so each scrape writes a fresh registry from
 * their snapshots instead of mirroring every increment into prom-client as it happens.
 * Names follow Prometheus' conventions (base units: seconds and bytes, `_total` on counters),
 * which is why this one corner of the code speaks seconds, not ms.
 */

export type Labels = Readonly<Record<string, string>>;
export interface Sample {
  labels?: Labels;
  value: number;
}
export interface HistogramSeries {
  labels?: Labels;
  snapshot: HistogramSnapshot;
}

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export class MetricsRegistry {
  readonly registry = new Registry();

  counter(name: string, help: string, samples: readonly Sample[]): this {
    const counter = new Counter({ name, help, labelNames: labelNamesOf(samples), registers: [] });
    for (const { labels, value } of samples) {
      if (labels) counter.inc(labels, value);
      else counter.inc(value);
    }
    this.registry.registerMetric(counter);
    return this;
  }

  gauge(name: string, help: string, samples: readonly Sample[]): this {
    const gauge = new Gauge({ name, help, labelNames: labelNamesOf(samples), registers: [] });
    for (const { labels, value } of samples) {
      if (labels) gauge.set(labels, value);
      else gauge.set(value);
    }
    this.registry.registerMetric(gauge);
    return this;
  }

  /**
   * A histogram kept elsewhere (see Histogram), exported as it is: prom-client's own Histogram
   * can only be observed into, not loaded from bucket counts.
   */
  histogram(name: string, help: string, snapshot: HistogramSnapshot): this {
    return this.histograms(name, help, [{ snapshot }]);
  }

  /** One histogram family with a series per label set (a camera's, say). */
  histograms(name: string, help: string, series: readonly HistogramSeries[]): this {
    const values = series.flatMap(({ labels = {}, snapshot }) => [
      ...snapshot.bounds.map((bound, i) => ({
        metricName: `${name}_bucket`,
        labels: { ...labels, le: bound },
        value: snapshot.cumulative[i] ?? 0,
      })),
      { metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: snapshot.count },
      { metricName: `${name}_sum`, labels, value: snapshot.sum },
      { metricName: `${name}_count`, labels, value: snapshot.count },
    ]);
    const metric = { name, help, type: 'histogram', aggregator: 'sum' };
    this.registry.registerMetric({
      ...metric,
      get: async () => ({ ...metric, values }),
    } as unknown as Parameters<Registry['registerMetric']>[0]);
    return this;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

function labelNamesOf(samples: readonly Sample[]): string[] {
  return [...new Set(samples.flatMap((sample) => Object.keys(sample.labels ?? {})))];
}

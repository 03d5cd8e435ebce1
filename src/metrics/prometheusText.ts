import type { HistogramSnapshot } from './histogram.js';

/**
 * Writes the Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then
 * samples. Names follow Prometheus' conventions (base units: seconds and bytes, `_total` on
 * counters), which is why this one corner of the code speaks seconds, not ms.
 */

export type Labels = Readonly<Record<string, string>>;
export interface Sample {
  labels?: Labels;
  value: number;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class PrometheusText {
  private readonly lines: string[] = [];
  private readonly names = new Set<string>();

  counter(name: string, help: string, samples: readonly Sample[]): this {
    return this.family(name, 'counter', help, samples);
  }

  gauge(name: string, help: string, samples: readonly Sample[]): this {
    return this.family(name, 'gauge', help, samples);
  }

  histogram(name: string, help: string, histogram: HistogramSnapshot, labels: Labels = {}): this {
    this.header(name, 'histogram', help);
    histogram.bounds.forEach((bound, i) => {
      const le = { ...labels, le: formatValue(bound) };
      this.sample(`${name}_bucket`, le, histogram.cumulative[i] ?? 0);
    });
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, histogram.count);
    this.sample(`${name}_sum`, labels, histogram.sum);
    this.sample(`${name}_count`, labels, histogram.count);
    return this;
  }

  toString(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private family(name: string, type: string, help: string, samples: readonly Sample[]): this {
    this.header(name, type, help);
    for (const sample of samples) this.sample(name, sample.labels ?? {}, sample.value);
    return this;
  }

  private header(name: string, type: string, help: string): void {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
    if (this.names.has(name)) throw new Error(`metric ${name} written twice`);
    this.names.add(name);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  }

  private sample(name: string, labels: Labels, value: number): void {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const parts = entries.map(([key, value]) => {
    if (!LABEL_NAME.test(key)) throw new Error(`invalid label name ${JSON.stringify(key)}`);
    return `${key}="${escapeLabelValue(value)}"`;
  });
  return `{${parts.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

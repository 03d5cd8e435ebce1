import { PROMETHEUS_CONTENT_TYPE } from '../../metrics/index.js';

/** What the HTTP endpoint shows; the daemon provides it, gathered at request time. */
export interface StatusSource {
  health(): { live: boolean; ready: boolean; problems: string[]; waitingFor: string[] };
  cameras(): object[];
  metricsText(): string;
}

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

type Route = (query: URLSearchParams) => Reply;

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown): Reply {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value, null, 2)}\n` };
}

/**
 * /healthz: alive (200) or not (503) — what a supervisor restarts on. /readyz, or /healthz?ready:
 * doing all of its job (200) or not yet (503) — what a load balancer or a dashboard waits for.
 * /metrics: Prometheus text. /api/cameras: each camera's status as JSON.
 */
export function buildRoutes(source: StatusSource): Map<string, Route> {
  const ready: Route = () => {
    const health = source.health();
    return json(health.ready ? 200 : 503, {
      status: health.ready ? 'ready' : 'not ready',
      ...health,
    });
  };
  const live: Route = (query) => {
    if (query.has('ready')) return ready(query);
    const health = source.health();
    return json(health.live ? 200 : 503, { status: health.live ? 'ok' : 'unhealthy', ...health });
  };
  return new Map<string, Route>([
    ['/healthz', live],
    ['/readyz', ready],
    [
      '/metrics',
      () => ({ status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: source.metricsText() }),
    ],
    ['/api/cameras', () => json(200, source.cameras())],
  ]);
}

import type { FastifyInstance } from 'fastify';
import { PROMETHEUS_CONTENT_TYPE } from '../../metrics/index.js';
import { sendJson } from './jsonReply.js';

/** What the HTTP endpoint shows; the daemon provides it, gathered at request time. */
export interface StatusSource {
  health(): { live: boolean; ready: boolean; problems: string[]; waitingFor: string[] };
  cameras(): object[];
  metricsText(): string | Promise<string>;
}

/** The read-only paths, listed in a 404's answer. */
export const STATUS_PATHS = ['/healthz', '/readyz', '/metrics', '/api/cameras'] as const;

const OTHER_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * /healthz: alive (200) or not (503) — what a supervisor restarts on. /readyz, or /healthz?ready:
 * doing all of its job (200) or not yet (503) — what a load balancer or a dashboard waits for.
 * /metrics: Prometheus text. /api/cameras: each camera's status as JSON. GET and HEAD only.
 */
export function registerStatusRoutes(app: FastifyInstance, source: StatusSource): void {
  const ready = () => {
    const health = source.health();
    return {
      code: health.ready ? 200 : 503,
      body: { status: health.ready ? 'ready' : 'not ready', ...health },
    };
  };
  app.get('/healthz', (req, reply) => {
    if (new URLSearchParams(req.url.split('?')[1] ?? '').has('ready')) {
      const { code, body } = ready();
      return sendJson(reply, code, body);
    }
    const health = source.health();
    const status = health.live ? 'ok' : 'unhealthy';
    return sendJson(reply, health.live ? 200 : 503, { status, ...health });
  });
  app.get('/readyz', (_req, reply) => {
    const { code, body } = ready();
    return sendJson(reply, code, body);
  });
  app.get('/metrics', async (_req, reply) =>
    reply
      .code(200)
      .type(PROMETHEUS_CONTENT_TYPE)
      .send(await source.metricsText()),
  );
  app.get('/api/cameras', (_req, reply) => sendJson(reply, 200, source.cameras()));
  for (const url of STATUS_PATHS) {
    app.route({
      method: [...OTHER_METHODS],
      url,
      handler: (req, reply) =>
        sendJson(reply.header('Allow', 'GET, HEAD'), 405, {
          error: `method ${req.method} not allowed`,
        }),
    });
  }
}

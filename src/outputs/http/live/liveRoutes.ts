import type { FastifyInstance } from 'fastify';
import { sendJson } from '../jsonReply.js';
import { MJPEG_BOUNDARY } from './liveHub.js';
import { type LiveStreams, MAX_LIVE_VIEWERS } from './liveStreams.js';

/**
 * GET /api/live/<camera>.mjpeg: the camera's live view as multipart/x-mixed-replace, which
 * every browser shows in a plain <img>. GET /api/live: viewers, frames sent and dropped per
 * camera, and how far behind the slowest viewer got.
 */
export function registerLiveRoutes(app: FastifyInstance, live: LiveStreams): void {
  app.get('/api/live', (_req, reply) =>
    sendJson(reply, 200, { ...live.settings, cameras: live.stats() }),
  );
  app.get<{ Params: { file: string } }>('/api/live/:file', (req, reply) => {
    const camera = req.params.file.replace(/\.mjpeg$/, '');
    const hub = live.hub(camera);
    if (hub === undefined || !req.params.file.endsWith('.mjpeg')) {
      return sendJson(reply, 404, { error: `no live view: ${req.params.file}` });
    }
    if (live.viewers >= MAX_LIVE_VIEWERS) {
      return sendJson(reply.header('Retry-After', '10'), 503, {
        error: `already ${MAX_LIVE_VIEWERS} live viewers`,
      });
    }
    // The stream outlives the handler: fastify steps aside, the hub writes to the socket.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'Content-Type': `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`,
      'Cache-Control': 'no-store',
      Connection: 'close',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    hub.add(res);
  });
}

import type { FastifyInstance } from 'fastify';
import { sendJson } from '../jsonReply.js';
import { MJPEG_BOUNDARY } from './liveHub.js';
import { type LiveStreams, MAX_LIVE_VIEWERS } from './liveStreams.js';
import type { PassthroughMessage } from './passthroughHub.js';

/** RFC 6455's "try again later". */
const TRY_AGAIN_LATER = 1013;

/**
 * GET /api/live/<camera>.mjpeg: the camera's live view as multipart/x-mixed-replace, which
 * every browser shows in a plain <img>. GET /api/live/<camera>/h264 (WebSocket): the camera's
 * own stream passed through as fragmented MP4 (see registerPassthroughRoute). GET /api/live:
 * viewers, frames sent and dropped per camera, and how far behind the slowest viewer got.
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
  registerPassthroughRoute(app, live);
}

/**
 * The passthrough WebSocket, behind the same gate as every API route (session cookie or
 * bearer token, same origin) and in the same viewer budget as the MJPEG streams. The first
 * text message says what follows: `{"type":"stream","mime":...}` and then the init segment
 * and fragments as binary messages (again from a new init after an ffmpeg restart), or
 * `{"type":"unavailable","reason":...}` and the socket closes: the page shows MJPEG then.
 */
function registerPassthroughRoute(app: FastifyInstance, live: LiveStreams): void {
  app.get<{ Params: { camera: string } }>(
    '/api/live/:camera/h264',
    { websocket: true },
    (socket, req) => {
      const turnAway = (reason: string, code: number) => {
        const message: PassthroughMessage = { type: 'unavailable', reason };
        socket.send(JSON.stringify(message));
        socket.close(code, 'unavailable');
      };
      const hub = live.passthroughHub(req.params.camera);
      if (hub === undefined) return turnAway(`no camera named ${req.params.camera}`, 1000);
      if (live.viewers >= MAX_LIVE_VIEWERS) {
        return turnAway(`already ${MAX_LIVE_VIEWERS} live viewers`, TRY_AGAIN_LATER);
      }
      hub.add(socket);
      socket.on('close', () => hub.remove(socket));
      socket.on('error', () => hub.remove(socket));
      // The page only listens.
      socket.on('message', () => {});
    },
  );
}

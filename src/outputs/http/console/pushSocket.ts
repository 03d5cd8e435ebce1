import type { FastifyInstance } from 'fastify';
import type { ConsoleFeed, FeedMessage } from './consoleFeed.js';

/**
 * What a browser may have queued and unread before it is cut off: a few seconds of messages.
 * Closing it (the page reconnects and gets a fresh snapshot) keeps a stalled tab from growing
 * the daemon's memory, and costs the page nothing it cannot redraw.
 */
export const MAX_SOCKET_BACKLOG_BYTES = 1024 * 1024;
/** RFC 6455's "try again later". */
const TRY_AGAIN_LATER = 1013;

/**
 * GET /api/stream (WebSocket): one per browser. First a `hello` with the whole picture, then
 * every change as it happens, fed by the result bus through the ConsoleFeed. The browser only
 * listens here; its switches are POSTs (CSRF-checked), never socket messages.
 */
export function registerPushSocket(app: FastifyInstance, feed: ConsoleFeed): void {
  app.get('/api/stream', { websocket: true }, (socket) => {
    const send = (message: FeedMessage | { type: 'hello'; data: unknown }) => {
      if (socket.bufferedAmount > MAX_SOCKET_BACKLOG_BYTES) {
        socket.close(TRY_AGAIN_LATER, 'too far behind');
        return;
      }
      socket.send(JSON.stringify(message));
    };
    send({ type: 'hello', data: feed.snapshot() });
    const unsubscribe = feed.subscribe(send);
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    // Anything the page sends is ignored; a switch is a POST.
    socket.on('message', () => {});
  });
}

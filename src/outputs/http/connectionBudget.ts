import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps clients that never finish a request from holding the server's connections.
 *
 * Node's own `server.maxConnections` refuses the newest connection when full, so a few dozen
 * slowloris sockets lock everyone out, the health checker included (and it may share their
 * address, so a per-address cap would not tell them apart). Here a full budget evicts instead
 * the connection that has waited longest without a request in progress: one still sending its
 * headers, or an idle keep-alive. A connection whose request is being answered is never evicted;
 * only when every one is, is the new connection refused.
 *
 * Closing the slow ones for good is Node's headersTimeout's job; this only decides who gets a
 * place meanwhile.
 */
export class ConnectionBudget {
  private readonly maxConnections: number;
  /** Connections with no request in progress, longest waiting first (a Set keeps that order). */
  private readonly waiting = new Set<Socket>();
  /** Connections with requests in progress, and how many (pipelining can queue several). */
  private readonly answering = new Map<Socket, number>();

  constructor(maxConnections: number) {
    this.maxConnections = maxConnections;
  }

  /** Starts counting `server`'s connections; call before it listens. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.track(req, res));
    // A WebSocket never ends its request: it is answering for as long as it stays open.
    server.on('upgrade', (req: IncomingMessage) => {
      this.waiting.delete(req.socket);
      this.answering.set(req.socket, 1);
    });
  }

  get open(): number {
    return this.waiting.size + this.answering.size;
  }

  private admit(socket: Socket): void {
    if (this.open >= this.maxConnections && !this.evictLongestWaiting()) {
      socket.destroy();
      return;
    }
    this.waiting.add(socket);
    socket.once('close', () => {
      this.waiting.delete(socket);
      this.answering.delete(socket);
    });
  }

  private evictLongestWaiting(): boolean {
    const [oldest] = this.waiting.keys();
    if (oldest === undefined) return false;
    this.waiting.delete(oldest);
    oldest.destroy();
    return true;
  }

  private track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    if (socket.destroyed) return;
    this.waiting.delete(socket);
    this.answering.set(socket, (this.answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const inProgress = (this.answering.get(socket) ?? 1) - 1;
      if (inProgress > 0) {
        this.answering.set(socket, inProgress);
        return;
      }
      this.answering.delete(socket);
      // Added last: its wait for the next request starts now.
      if (!socket.destroyed) this.waiting.add(socket);
    });
  }
}

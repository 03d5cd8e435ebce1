import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import { type ClipCatalog, registerClipRoutes } from './clipRoutes.js';
import type { ConsoleServices } from './console/consoleServices.js';
import { registerControlRoutes } from './console/controlRoutes.js';
import { registerHistoryRoutes } from './console/historyRoutes.js';
import { registerPushSocket } from './console/pushSocket.js';
import { consoleAssetsDir, registerStaticRoutes } from './console/staticRoutes.js';
import { sendJson } from './jsonReply.js';
import { registerLiveRoutes } from './live/liveRoutes.js';
import { createLimitedServer } from './nodeServer.js';
import { AccessGate, routeChangesState } from './session/accessGate.js';
import type { SecureCookies } from './session/cookieSecurity.js';
import { registerLoginRoutes } from './session/loginRoutes.js';
import { setSecurityHeaders } from './session/securityHeaders.js';
import { SessionStore } from './session/sessionStore.js';
import { registerStatusRoutes, STATUS_PATHS, type StatusSource } from './statusRoutes.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Bearer token every request must carry; '' = none. */
  token: string;
  /** Reverse proxies whose X-Forwarded-* headers count (addresses, CIDR ranges); [] = none. */
  trustProxy?: readonly string[];
  secureCookies?: SecureCookies;
  source: StatusSource;
  logger: Logger;
  /** Event clips to list and serve under /api/clips; null while there are none. */
  clips?: () => ClipCatalog | null;
  /** The web console at `/`; without it only the status API is served. */
  console?: ConsoleServices;
  clock?: Pick<Clock, 'now'>;
}

/** Request bodies are a login or a switch: a few dozen bytes. */
const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The daemon's local HTTP endpoint: health, metrics and status, routed by fastify on a
 * node:http server that keeps its own limits (see createLimitedServer).
 */
export class HttpServer {
  private readonly opts: HttpServerOptions;
  private readonly log: Logger;
  private app: FastifyInstance | null = null;
  /** Sockets taken over by an upgrade: node's closeAllConnections no longer sees them. */
  private readonly upgraded = new Set<Socket>();

  constructor(opts: HttpServerOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ module: 'http' });
  }

  /** The bound port (useful when 0 was asked for); null before start. */
  get port(): number | null {
    const address = this.app?.server.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  /** Listens; rejects with a message naming the address when it cannot (port taken, bad host). */
  async start(): Promise<void> {
    if (this.app !== null) return;
    const { port, token } = this.opts;
    // Without a token, anyone who reaches the port could flip the switches: this machine only.
    const host = token === '' && !isLoopback(this.opts.host) ? '127.0.0.1' : this.opts.host;
    if (host !== this.opts.host) {
      this.log.warn(
        { configured: this.opts.host, host },
        'no HTTP token set: listening on this machine only (set http.token to listen beyond it)',
      );
    }
    const app = await this.build(isLoopback(host));
    try {
      await app.listen({ host, port });
    } catch (err) {
      await app.close().catch(() => {});
      throw new Error(`cannot listen on http://${hostPort(host, port)}: ${(err as Error).message}`);
    }
    app.server.on('error', (err) => this.log.error({ err }, 'HTTP server error'));
    app.server.on('upgrade', ({ socket }: IncomingMessage) => {
      this.upgraded.add(socket);
      socket.once('close', () => this.upgraded.delete(socket));
    });
    this.app = app;
    this.log.info(
      { url: `http://${hostPort(host, this.port ?? port)}`, auth: token !== '' },
      'HTTP listening',
    );
  }

  async stop(): Promise<void> {
    const app = this.app;
    if (app === null) return;
    this.app = null;
    // forceCloseConnections: keep-alive connections would otherwise hold close() open; so
    // would push sockets and refused upgrades whose client never hangs up.
    const closed = app.close();
    for (const socket of this.upgraded) socket.destroy();
    await closed;
  }

  private async build(loopbackOnly: boolean): Promise<FastifyInstance> {
    const { token, source, trustProxy = [], secureCookies = 'auto' } = this.opts;
    const app = Fastify({
      serverFactory: (handler) => createLimitedServer(handler),
      // Decides request.protocol (the cookie's Secure) and request.ip (the login limit's key).
      trustProxy: trustProxy.length === 0 ? false : [...trustProxy],
      forceCloseConnections: true,
      bodyLimit: BODY_LIMIT_BYTES,
      logger: false,
    });
    const sessions = new SessionStore(this.opts.clock ?? systemClock);
    const gate = new AccessGate(token, sessions);
    await app.register(fastifyCookie);
    await app.register(fastifyRateLimit, { global: false });
    app.addHook('onRequest', async (req, reply) => {
      setSecurityHeaders(reply);
      if (gate.check(req, reply, routeChangesState(req)) === null) return reply;
    });
    registerStatusRoutes(app, source);
    registerLoginRoutes(app, { token, gate, sessions, loopbackOnly, secureCookies });
    if (this.opts.clips) registerClipRoutes(app, this.opts.clips);
    if (this.opts.console) await this.registerConsole(app, this.opts.console);
    app.setNotFoundHandler((req, reply) =>
      sendJson(reply, 404, {
        error: `no such path: ${req.url.split('?')[0]}`,
        paths: STATUS_PATHS,
      }),
    );
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const status = err.statusCode ?? 500;
      if (status < 500) return sendJson(reply, status, { error: err.message });
      this.log.error({ err, path: req.url }, 'HTTP handler failed');
      return sendJson(reply, 500, { error: 'internal error' });
    });
    return app;
  }

  private async registerConsole(app: FastifyInstance, services: ConsoleServices): Promise<void> {
    await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
    await registerStaticRoutes(app, services.assetsDir ?? consoleAssetsDir());
    registerPushSocket(app, services.feed);
    registerControlRoutes(app, services.controls);
    registerHistoryRoutes(app, services);
    if (services.live) registerLiveRoutes(app, services.live);
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

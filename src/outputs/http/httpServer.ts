import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../../log/index.js';
import { bearerTokenMatches } from './bearerToken.js';
import { sendJson } from './jsonReply.js';
import { createLimitedServer } from './nodeServer.js';
import { registerStatusRoutes, STATUS_PATHS, type StatusSource } from './statusRoutes.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Bearer token every request must carry; '' = none. */
  token: string;
  source: StatusSource;
  logger: Logger;
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
    const { host, port, token } = this.opts;
    const app = this.build();
    try {
      await app.listen({ host, port });
    } catch (err) {
      await app.close().catch(() => {});
      throw new Error(`cannot listen on http://${hostPort(host, port)}: ${(err as Error).message}`);
    }
    app.server.on('error', (err) => this.log.error({ err }, 'HTTP server error'));
    this.app = app;
    this.log.info(
      { url: `http://${hostPort(host, this.port ?? port)}`, auth: token !== '' },
      'HTTP listening',
    );
    if (token === '' && !isLoopback(host)) {
      this.log.warn({ host }, 'HTTP listens beyond this machine without a token');
    }
  }

  async stop(): Promise<void> {
    const app = this.app;
    if (app === null) return;
    this.app = null;
    // forceCloseConnections: keep-alive connections would otherwise hold close() open.
    await app.close();
  }

  private build(): FastifyInstance {
    const app = Fastify({
      serverFactory: (handler) => createLimitedServer(handler),
      forceCloseConnections: true,
      bodyLimit: BODY_LIMIT_BYTES,
      logger: false,
    });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
      if (
        this.opts.token !== '' &&
        !bearerTokenMatches(req.headers.authorization, this.opts.token)
      ) {
        reply.header('WWW-Authenticate', 'Bearer realm="actionwatch"');
        return sendJson(reply, 401, { error: 'a valid bearer token is required' });
      }
    });
    registerStatusRoutes(app, this.opts.source);
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
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log/index.js';
import { bearerTokenMatches } from './bearerToken.js';
import { CLIPS_PATH, type ClipCatalog, serveClips } from './clipRoutes.js';
import { ConnectionBudget } from './connectionBudget.js';
import { parseRequestTarget } from './requestTarget.js';
import { buildRoutes, json, type Reply, type StatusSource } from './routes.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Bearer token every request must carry; '' = none. */
  token: string;
  source: StatusSource;
  logger: Logger;
  /** Event clips to list and serve under /api/clips; null while there are none. */
  clips?: () => ClipCatalog | null;
}

/** Read-only, small answers: anything slower than this is a stuck or hostile client. */
const REQUEST_TIMEOUT_MS = 10_000;
/** A real client sends its few header lines at once; waiting longer only feeds a slowloris. */
const HEADERS_TIMEOUT_MS = 5_000;
/**
 * How often Node checks the two limits above. Its default, 30 s, let slow clients hold
 * connections for up to 40 s whatever the limits said.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const MAX_CONNECTIONS = 64;
/** Node's default is 16 KiB; our requests are a request line and a few headers. */
const MAX_HEADER_BYTES = 8 * 1024;

/** The daemon's local HTTP endpoint (node:http, no framework): health, metrics, status. */
export class HttpServer {
  private readonly opts: HttpServerOptions;
  private readonly log: Logger;
  private readonly routes: ReturnType<typeof buildRoutes>;
  private server: Server | null = null;

  constructor(opts: HttpServerOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ module: 'http' });
    this.routes = buildRoutes(opts.source);
  }

  /** The bound port (useful when 0 was asked for); null before start. */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  /** Listens; rejects with a message naming the address when it cannot (port taken, bad host). */
  async start(): Promise<void> {
    if (this.server !== null) return;
    const server = createServer({
      maxHeaderSize: MAX_HEADER_BYTES,
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    });
    // Counted before the handler runs, and instead of server.maxConnections (see ConnectionBudget).
    new ConnectionBudget(MAX_CONNECTIONS).attach(server);
    server.on('request', (req, res) => this.handle(req, res));
    const { host, port, token } = this.opts;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(new Error(`cannot listen on http://${hostPort(host, port)}: ${err.message}`)),
      );
      server.listen(port, host, () => resolve());
    });
    server.on('error', (err) => this.log.error({ err }, 'HTTP server error'));
    this.server = server;
    this.log.info(
      { url: `http://${hostPort(host, this.port ?? port)}`, auth: token !== '' },
      'HTTP listening',
    );
    if (token === '' && !isLoopback(host)) {
      this.log.warn({ host }, 'HTTP listens beyond this machine without a token');
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let reply: Reply | Promise<Reply | null>;
    try {
      reply = this.route(req, res);
    } catch (err) {
      reply = this.failed(err, req);
    }
    if (!(reply instanceof Promise)) {
      this.send(req, res, reply);
      return;
    }
    reply.then(
      (sent) => sent && this.send(req, res, sent),
      (err) => this.send(req, res, this.failed(err, req)),
    );
  }

  private failed(err: unknown, req: IncomingMessage): Reply {
    this.log.error({ err, path: req.url }, 'HTTP handler failed');
    return json(500, { error: 'internal error' });
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    if (res.headersSent) return;
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType,
      'Content-Length': Buffer.byteLength(reply.body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...reply.headers,
    });
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  }

  private route(req: IncomingMessage, res: ServerResponse): Reply | Promise<Reply | null> {
    const target = parseRequestTarget(req.url ?? '/');
    if (!target.ok) return json(target.status, { error: `bad request target: ${target.reason}` });
    if (this.opts.token !== '' && !bearerTokenMatches(req.headers.authorization, this.opts.token)) {
      return {
        ...json(401, { error: 'a valid bearer token is required' }),
        headers: { 'WWW-Authenticate': 'Bearer realm="actionwatch"' },
      };
    }
    const clips = this.opts.clips;
    const isClips = target.path === CLIPS_PATH || target.path.startsWith(`${CLIPS_PATH}/`);
    if (clips && isClips && (req.method === 'GET' || req.method === 'HEAD')) {
      return serveClips(req, res, target.path, clips());
    }
    const route = this.routes.get(target.path);
    if (route === undefined) {
      return json(404, { error: `no such path: ${target.path}`, paths: [...this.routes.keys()] });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return {
        ...json(405, { error: `method ${req.method} not allowed` }),
        headers: { Allow: 'GET, HEAD' },
      };
    }
    return route(target.query);
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

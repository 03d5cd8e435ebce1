import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ConnectionBudget } from './connectionBudget.js';
import { parseRequestTarget } from './requestTarget.js';

/** Answers with small payloads: anything slower than this is a stuck or hostile client. */
const REQUEST_TIMEOUT_MS = 10_000;
/** A real client sends its few header lines at once; waiting longer only feeds a slowloris. */
const HEADERS_TIMEOUT_MS = 5_000;
/**
 * How often Node checks the two limits above. Its default, 30 s, let slow clients hold
 * connections for up to 40 s whatever the limits said.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const MAX_CONNECTIONS = 64;
/** Node's default is 16 KiB; our requests are a request line and a few headers. */
const MAX_HEADER_BYTES = 8 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The node:http server under the router, with the limits that keep health reachable under
 * abuse: short header and request timeouts, checked every second, and a connection budget that
 * evicts the longest-waiting idle connection instead of refusing the newest one.
 *
 * The request target is checked here, before routing: a malformed one is the client's error
 * (400 or 414), answered without reaching the router; absolute-form (`GET http://host/path`)
 * is rewritten to origin-form so routes see only paths.
 */
export function createLimitedServer(handler: Handler): Server {
  const server = createServer({
    maxHeaderSize: MAX_HEADER_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    headersTimeout: HEADERS_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  });
  // Counted before the handler runs, and instead of server.maxConnections (see ConnectionBudget).
  new ConnectionBudget(MAX_CONNECTIONS).attach(server);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const target = parseRequestTarget(req.url ?? '/');
    if (!target.ok) {
      const body = `${JSON.stringify({ error: `bad request target: ${target.reason}` }, null, 2)}\n`;
      res.writeHead(target.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    req.url = target.originForm;
    handler(req, res);
  });
  return server;
}

export { bearerTokenMatches } from './bearerToken.js';
export { HttpServer, type HttpServerOptions } from './httpServer.js';
export { buildRoutes, type Reply, type StatusSource } from './routes.js';

export { bearerTokenMatches } from './bearerToken.js';
export { type ByteRange, parseByteRange } from './byteRange.js';
export {
  type CameraReport,
  cameraReport,
  cameraReportJson,
  type RegionReport,
} from './cameraReport.js';
export { type CatalogClip, CLIPS_PATH, type ClipCatalog, serveClips } from './clipRoutes.js';
export { renderMetrics } from './daemonMetrics.js';
export { assessHealth, type HealthInput, type HealthReport } from './health.js';
export { HttpServer, type HttpServerOptions } from './httpServer.js';
export { type ProcessSnapshot, ProcessStats } from './processStats.js';
export { buildRoutes, type Reply, type StatusSource } from './routes.js';

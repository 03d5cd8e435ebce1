export { bearerTokenMatches } from './bearerToken.js';
export { type ByteRange, parseByteRange } from './byteRange.js';
export {
  type CameraReport,
  cameraReport,
  cameraReportJson,
  type RegionReport,
} from './cameraReport.js';
export {
  type CatalogClip,
  CLIPS_PATH,
  type ClipCatalog,
  registerClipRoutes,
} from './clipRoutes.js';
export { ConsoleFeed, type ConsoleFeedOptions, type FeedMessage } from './console/consoleFeed.js';
export type { ConsoleModel } from './console/consoleMessages.js';
export type { ConsoleServices } from './console/consoleServices.js';
export { renderMetrics } from './daemonMetrics.js';
export { assessHealth, type HealthInput, type HealthReport } from './health.js';
export { HttpServer, type HttpServerOptions } from './httpServer.js';
export type { LiveHubStats } from './live/liveHub.js';
export {
  type LiveCameraStats,
  type LiveSettings,
  LiveStreams,
  MAX_LIVE_VIEWERS,
} from './live/liveStreams.js';
export { type LiveViewMetrics, liveViewMetrics } from './live/liveViewMetrics.js';
export type { PassthroughHubStats } from './live/passthroughHub.js';
export { type ProcessSnapshot, ProcessStats } from './processStats.js';
export { STATUS_PATHS, type StatusSource } from './statusRoutes.js';

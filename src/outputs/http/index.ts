export { bearerTokenMatches } from './bearerToken.js';
export { type CameraReport, cameraReport, cameraReportJson } from './cameraReport.js';
export { renderMetrics } from './daemonMetrics.js';
export { assessHealth, type HealthInput, type HealthReport } from './health.js';
export { HttpServer, type HttpServerOptions } from './httpServer.js';
export { type ProcessSnapshot, ProcessStats } from './processStats.js';
export { STATUS_PATHS, type StatusSource } from './statusRoutes.js';

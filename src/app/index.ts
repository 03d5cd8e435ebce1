export { loadCameraHeads } from './cameraHeads.js';
export type { CameraPipeline } from './cameraPipeline.js';
export { configSecrets } from './configSecrets.js';
export { Daemon, type DaemonDeps, ModelLoadError } from './daemon.js';
export { type DaemonProbe, Operations, type OperationsOptions } from './operations.js';
export { type Part, PartList } from './parts.js';
export {
  buildCameras,
  buildPipeline,
  type CameraDeps,
  camerasPart,
  type Pipeline,
  type PipelineDeps,
  type PipelineEngine,
  snapshotOutput,
} from './pipelineParts.js';
export { buildRecognizers, canonicalRules } from './recognitionSetup.js';
export { type NotifyFields, openSdNotifier, type SdNotifier } from './sdNotify.js';
export { installSignalHandlers } from './signals.js';
export { Watchdog, type WatchdogOptions, watchdogIntervalMs } from './watchdog.js';

export { Daemon, type DaemonDeps, ModelLoadError } from './daemon.js';
export { installSignalHandlers } from './signals.js';

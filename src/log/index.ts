export { createDaemonLogger, type DaemonLoggerOptions, type LogFormat } from './daemonLogger.js';
export { isJournalStream, priorityPrefix, syslogPriority } from './journald.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { prettyLine } from './prettyLine.js';
export { type LineFilter, secretScrubber } from './secretScrubber.js';

export { MAX_TLS_FILE_BYTES, readBounded } from './boundedRead.js';
export { settingDefault, settingsWithoutFile } from './defaults.js';
export { type ConfigDescription, describeConfig } from './describe.js';
export { ConfigError, EX_CONFIG } from './errors.js';
export { type LoadConfigOptions, loadConfig } from './load.js';
export { redactUrl } from './redact.js';
export type * from './types.js';

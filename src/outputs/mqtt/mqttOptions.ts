import { MAX_TLS_FILE_BYTES, readBounded } from '../../config/index.js';
import type { MqttConfig } from '../../config/types.js';
import type { IClientOptions } from './mqttClient.js';
import type { Topics } from './topics.js';

export type ReadFile = (path: string) => Buffer;

/** Fixed retry pace: short enough to come back quickly, long enough not to hammer a broker. */
export const RECONNECT_PERIOD_MS = 2_000;
export const CONNECT_TIMEOUT_MS = 10_000;
export const BRIDGE_ONLINE_PAYLOAD = '{"state":"online"}';
export const BRIDGE_OFFLINE_PAYLOAD = '{"state":"offline"}';

const SECURE_SCHEMES = /^(mqtts|wss|ssl|tls):/i;

/** Plain schemes and their TLS twins, for `tls.enabled` with an `mqtt://` URL. */
const SECURE_TWIN: Record<string, 'mqtts' | 'wss'> = { mqtt: 'mqtts', tcp: 'mqtts', ws: 'wss' };

export function usesTls(config: MqttConfig): boolean {
  return config.tls.enabled || SECURE_SCHEMES.test(config.url);
}

/**
 * MQTT.js options for the daemon's one connection. Pure apart from reading the TLS files
 * (through `readFile`, so tests need no files).
 */
export function buildMqttOptions(
  config: MqttConfig,
  topics: Topics,
  readFile: ReadFile = readTlsFileBounded,
): IClientOptions {
  const options: IClientOptions = {
    keepalive: config.keepaliveS,
    protocolVersion: config.protocolVersion,
    // No session to resume: everything that matters is retained or re-published on connect.
    clean: true,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A refused CONNACK (bad password, broker still loading its ACLs) must not end the daemon's
    // link for good: keep retrying like any other outage.
    reconnectOnConnackError: true,
    // An action is stale after an outage; replaying a backlog of them would mislead consumers.
    queueQoSZero: false,
    will: { topic: topics.bridgeState, payload: BRIDGE_OFFLINE_PAYLOAD, qos: 1, retain: true },
  };
  if (config.clientId !== '') options.clientId = config.clientId;
  if (config.username !== '') options.username = config.username;
  if (config.password !== '') options.password = config.password;
  if (usesTls(config)) Object.assign(options, tlsOptions(config, readFile));
  return options;
}

function tlsOptions(config: MqttConfig, readFile: ReadFile): IClientOptions {
  const { tls } = config;
  if ((tls.certFile === '') !== (tls.keyFile === '')) {
    throw new Error(
      `mqtt.tls: a client certificate needs both certFile and keyFile (certFile ${JSON.stringify(tls.certFile)}, keyFile ${JSON.stringify(tls.keyFile)})`,
    );
  }
  const options: IClientOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  const scheme = /^([a-z]+):/i.exec(config.url)?.[1]?.toLowerCase() ?? '';
  const secureTwin = SECURE_TWIN[scheme];
  if (secureTwin !== undefined) options.protocol = secureTwin;
  if (tls.caFile !== '') options.ca = readTlsFile(readFile, 'caFile', tls.caFile);
  if (tls.certFile !== '') options.cert = readTlsFile(readFile, 'certFile', tls.certFile);
  if (tls.keyFile !== '') options.key = readTlsFile(readFile, 'keyFile', tls.keyFile);
  return options;
}

/**
 * The configuration checked these files when it loaded; read with the same bound here, since
 * a file swapped since then (a huge one, a device) must not run the daemon out of memory.
 */
function readTlsFileBounded(path: string): Buffer {
  const read = readBounded(path, MAX_TLS_FILE_BYTES);
  if ('problem' in read) throw new Error(read.problem);
  return read.data;
}

function readTlsFile(readFile: ReadFile, field: string, path: string): Buffer {
  try {
    return readFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`mqtt.tls.${field}: cannot read ${JSON.stringify(path)}: ${reason}`);
  }
}

import type { MqttConfig } from '../../../src/config/types.js';
import { ResultBus } from '../../../src/core/index.js';
import { createLogger, type Logger } from '../../../src/log/index.js';
import { type BridgeClient, MqttBridge } from '../../../src/outputs/mqtt/index.js';

export function mqttConfig(overrides: Partial<MqttConfig> = {}): MqttConfig {
  return {
    url: 'mqtt://127.0.0.1:1883',
    prefix: 'actionwatch',
    clientId: '',
    username: '',
    password: '',
    keepaliveS: 30,
    protocolVersion: 4,
    tls: { enabled: false, caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true },
    ...overrides,
  };
}

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, raw JSON text. */
  text(): string;
  /** Parsed lines whose msg equals `msg`. */
  linesWithMsg(msg: string): Array<Record<string, unknown>>;
}

/** A real pino logger (debug level) writing into memory, so tests can search its output. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(line) });
  return {
    logger,
    text: () => lines.join(''),
    linesWithMsg: (msg) =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === msg),
  };
}

/** The MQTT bridge over `client`, started, with the result bus it listens to. */
export function bridgeOver(client: BridgeClient, logger: Logger, cameras: string[] = []) {
  const bus = new ResultBus(logger);
  const bridge = new MqttBridge({
    bus,
    client,
    cameras,
    model: { name: 'm', weights: 'w', randomWeights: false, frames: 16, fps: 7.5 },
    controls: { detectCommand: () => 'refused', suspendCommand: () => 'refused' },
    logger,
  });
  bridge.start();
  return { bus, bridge };
}

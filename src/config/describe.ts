import { redactUrl, redactUrlsInText } from './redact.js';
import type { Config } from './types.js';

/** A JSON-ready view of a Config for `check-config` and logs: no password, no URL secret. */
export type ConfigDescription = Record<string, unknown>;

const HIDDEN = '***';

/** Hides what is set; an empty password stays '' because "none configured" is worth seeing. */
function hidden(secret: string): string {
  return secret === '' ? '' : HIDDEN;
}

export function describeConfig(config: Config): ConfigDescription {
  return {
    mqtt: {
      ...config.mqtt,
      url: redactUrl(config.mqtt.url),
      password: hidden(config.mqtt.password),
      tls: { ...config.mqtt.tls },
    },
    model: { ...config.model, providers: [...config.model.providers] },
    recognition: { ...config.recognition, smoothing: { ...config.recognition.smoothing } },
    ffmpeg: { ...config.ffmpeg },
    log: { ...config.log },
    http: {
      ...config.http,
      token: hidden(config.http.token),
      trustProxy: [...config.http.trustProxy],
    },
    outbox: { ...config.outbox },
    health: { ...config.health },
    stateDir: config.stateDir,
    cameras: config.cameras.map((camera) => ({
      ...camera,
      source: {
        ...camera.source,
        url: redactUrl(camera.source.url),
        v4l2: { ...camera.source.v4l2 },
        inputArgs: camera.source.inputArgs.map(redactUrlsInText),
      },
      labels: [...camera.labels],
    })),
    events: { ...config.events },
    alerts: config.alerts.map((rule) => structuredClone(rule)),
    snapshots: { ...config.snapshots },
    clips: { ...config.clips },
    live: { ...config.live },
    homeAssistant: { ...config.homeAssistant },
  };
}

import type { Config } from '../config/index.js';
import { secretsInUrl } from '../ingest/index.js';

/** Every secret the configuration holds, for the log scrubber: never printed, whatever happens. */
export function configSecrets(config: Config): string[] {
  const secrets = [config.mqtt.password, config.http.token];
  for (const camera of config.cameras) secrets.push(...secretsInUrl(camera.source.url));
  return secrets.filter((secret) => secret !== '');
}

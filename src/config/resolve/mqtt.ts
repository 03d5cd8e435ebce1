import { camelKeys } from '../camelKeys.js';
import { resolveFrom } from '../files.js';
import { isTlsUrl } from '../schema/mqtt.js';
import type { SectionValues } from '../sections.js';
import { checkTlsFileContents } from '../tlsFiles.js';
import type { MqttConfig } from '../types.js';
import type { ResolveContext } from './context.js';
import { resolveSecret } from './secret.js';

type Mqtt = SectionValues['mqtt'];

/** The broker section with its password read and its TLS files checked. */
export function resolveMqtt(mqtt: Mqtt, context: ResolveContext): MqttConfig | undefined {
  const password = resolveSecret(
    {
      filePath: 'mqtt.password_file',
      value: mqtt.password,
      file: mqtt.password_file,
    },
    context,
  );
  const tlsUsable = !(mqtt.tls.enabled || isTlsUrl(mqtt.url)) || checkTls(mqtt, context);
  if (password === undefined || !tlsUsable) return undefined;
  const { passwordFile: _, ...rest } = camelKeys(mqtt);
  const resolve = (file: string) => (file === '' ? '' : resolveFrom(context.cwd, file));
  const { tls } = rest;
  return {
    ...rest,
    password,
    tls: {
      ...tls,
      caFile: resolve(tls.caFile),
      certFile: resolve(tls.certFile),
      keyFile: resolve(tls.keyFile),
    },
  };
}

/** The files are read and parsed as the connection will, so a bad one is exit 78 now. */
function checkTls(mqtt: Mqtt, context: ResolveContext): boolean {
  const { tls } = mqtt;
  const before = context.problems.size;
  if (tls.enabled && !isTlsUrl(mqtt.url)) {
    const scheme = new URL(mqtt.url).protocol;
    context.problems.add('mqtt.tls.enabled', `needs an mqtts:// or wss:// url, not ${scheme}//`);
  }
  if ((tls.cert_file === '') !== (tls.key_file === '')) {
    context.problems.add('mqtt.tls', 'cert_file and key_file go together: give both or neither');
  }
  checkTlsFileContents(tls, context.cwd, context.problems);
  return context.problems.size === before;
}

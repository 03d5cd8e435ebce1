import { readSecretFile, resolveFrom } from './files.js';
import type { FileTopLevel } from './fileTypes.js';
import type { CheckedValues, ProblemList } from './problems.js';
import { quoteValue } from './redact.js';
import { checkTlsFileContents } from './tlsFiles.js';
import type { MqttConfig, MqttTlsConfig } from './types.js';

export interface SectionContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  problems: ProblemList;
}

type Checked = CheckedValues<FileTopLevel>;

const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];
const TLS_SCHEMES = ['mqtts:', 'wss:'];
const PASSWORD_ENV = 'ACTIONWATCH_MQTT_PASSWORD';

/** The broker section with its password resolved. Undefined after reporting a problem. */
export function resolveMqtt(checked: Checked, context: SectionContext): MqttConfig | undefined {
  const scheme = checkBrokerUrl(checked, context.problems);
  const password = resolvePassword(checked, context);
  const tls = resolveTls(checked, scheme, context);
  const plain = [
    'mqtt.prefix',
    'mqtt.client_id',
    'mqtt.username',
    'mqtt.keepalive_s',
    'mqtt.protocol_version',
  ];
  if (scheme === undefined || password === undefined || tls === undefined) return undefined;
  if (!checked.allValid(...plain)) return undefined;
  const { mqtt } = checked.values;
  return {
    url: mqtt.url,
    prefix: mqtt.prefix,
    clientId: mqtt.client_id,
    username: mqtt.username,
    password,
    tls,
    keepaliveS: mqtt.keepalive_s,
    // The schema allows 4 and 5 only.
    protocolVersion: mqtt.protocol_version === 5 ? 5 : 4,
  };
}

/** The url's scheme when the url is usable. */
function checkBrokerUrl(checked: Checked, problems: ProblemList): string | undefined {
  if (!checked.isValid('mqtt.url')) return undefined;
  const { url } = checked.values.mqtt;
  const report = (message: string) => {
    problems.add('mqtt.url', `${quoteValue(url)} ${message}`);
    return undefined;
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return report('is not a valid URL');
  }
  if (!BROKER_SCHEMES.includes(parsed.protocol)) {
    return report(`has scheme "${parsed.protocol}"; use mqtt://, mqtts://, ws:// or wss://`);
  }
  if (parsed.hostname === '') return report('has no host');
  if (parsed.username !== '' || parsed.password !== '') {
    // One place for the secret: mqtt.password(_file) or the environment, never the url.
    return report('holds credentials; use mqtt.username and mqtt.password_file instead');
  }
  return parsed.protocol;
}

/** Precedence: ACTIONWATCH_MQTT_PASSWORD, then password_file, then password. */
function resolvePassword(checked: Checked, context: SectionContext): string | undefined {
  if (!checked.allValid('mqtt.password', 'mqtt.password_file')) return undefined;
  const { password, password_file: passwordFile } = checked.values.mqtt;
  context.problems.hideSecret(password);
  if (context.env[PASSWORD_ENV] !== undefined || passwordFile === '') return password;
  if (password !== '') {
    context.problems.add('mqtt.password_file', 'give either password or password_file, not both');
    return undefined;
  }
  const read = readSecretFile(context.cwd, passwordFile);
  if ('secret' in read) {
    context.problems.hideSecret(read.secret);
    return read.secret;
  }
  context.problems.add('mqtt.password_file', read.problem);
  return undefined;
}

function resolveTls(
  checked: Checked,
  scheme: string | undefined,
  context: SectionContext,
): MqttTlsConfig | undefined {
  if (!checked.isValid('mqtt.tls')) return undefined;
  const { tls } = checked.values.mqtt;
  const resolved: MqttTlsConfig = {
    enabled: tls.enabled,
    caFile: tls.ca_file === '' ? '' : resolveFrom(context.cwd, tls.ca_file),
    certFile: tls.cert_file === '' ? '' : resolveFrom(context.cwd, tls.cert_file),
    keyFile: tls.key_file === '' ? '' : resolveFrom(context.cwd, tls.key_file),
    rejectUnauthorized: tls.reject_unauthorized,
  };
  // An mqtts:// or wss:// url uses TLS (and these files) without tls.enabled.
  const inUse = tls.enabled || (scheme !== undefined && TLS_SCHEMES.includes(scheme));
  return !inUse || checkTlsFiles(checked, scheme, context) ? resolved : undefined;
}

function checkTlsFiles(
  checked: Checked,
  scheme: string | undefined,
  context: SectionContext,
): boolean {
  const { tls } = checked.values.mqtt;
  const before = context.problems.size;
  if (tls.enabled && scheme !== undefined && !TLS_SCHEMES.includes(scheme)) {
    context.problems.add('mqtt.tls.enabled', `needs an mqtts:// or wss:// url, not ${scheme}//`);
  }
  if ((tls.cert_file === '') !== (tls.key_file === '')) {
    context.problems.add('mqtt.tls', 'cert_file and key_file go together: give both or neither');
  }
  checkTlsFileContents(tls, context.cwd, context.problems);
  return context.problems.size === before;
}

import { hostname } from 'node:os';
import { quoteValue } from '../redact.js';
import { flag, integer, integerOf, text } from './leaves.js';
import { secretGivenOnce, section } from './section.js';
import { TOPIC_PREFIX, TOPIC_PREFIX_MISMATCH } from './topicNames.js';

/** `mqtt`: the broker, how to log in, and the topics everything is published under. */

const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];
const TLS_SCHEMES = ['mqtts:', 'wss:'];
const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;

/** Why the broker url is unusable, or undefined; it quotes the url redacted. */
function brokerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${quoteValue(url)} is not a valid URL`;
  }
  if (!BROKER_SCHEMES.includes(parsed.protocol)) {
    return `${quoteValue(url)} has scheme "${parsed.protocol}"; use mqtt://, mqtts://, ws:// or wss://`;
  }
  if (parsed.hostname === '') return `${quoteValue(url)} has no host`;
  if (parsed.username !== '' || parsed.password !== '') {
    // One place for the secret: mqtt.password(_file) or the environment, never the url.
    return `${quoteValue(url)} holds credentials; use mqtt.username and mqtt.password_file instead`;
  }
  return undefined;
}

const tls = section({
  enabled: flag(false, 'Use the files below for TLS; needs an mqtts:// or wss:// url.'),
  ca_file: text('', 'PEM file of the CA that signed the broker certificate; empty = system CAs.'),
  cert_file: text('', 'PEM client certificate for mutual TLS; needs key_file.'),
  key_file: text('', 'PEM private key of cert_file.'),
  reject_unauthorized: flag(
    true,
    'Refuse brokers whose certificate does not verify. Turn off only for tests.',
  ),
});

export const mqttSection = section({
  url: text(
    'mqtt://127.0.0.1:1883',
    'Broker URL: mqtt://, mqtts://, ws:// or wss://. Put credentials in username/password, not here.',
    { required: true },
  ).superRefine((url, context) => {
    const problem = brokerUrlProblem(url);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
  prefix: text(
    'actionwatch',
    'First topic level(s) of everything published, e.g. `site1/actionwatch`.',
    { pattern: TOPIC_PREFIX, mismatch: TOPIC_PREFIX_MISMATCH },
  ),
  client_id: text(
    `actionwatch-${hostname()}`,
    'MQTT client id; unique per broker (a second daemon with the same id kicks the first off).',
    {
      pattern: CLIENT_ID,
      mismatch: 'is not a valid client id: 1 to 128 printable ASCII characters, no spaces',
    },
  ),
  username: text('', 'Broker user name; empty for anonymous.'),
  password: text(
    '',
    'Broker password. Prefer password_file or ACTIONWATCH_MQTT_PASSWORD so the file holds no secret.',
    { sensitive: true },
  ),
  password_file: text(
    '',
    'File holding the broker password (trailing newline ignored), e.g. a systemd credential. ACTIONWATCH_MQTT_PASSWORD wins over it.',
  ),
  keepalive_s: integer(30, 0, 65535, 'MQTT keepalive in seconds; 0 disables it.'),
  protocol_version: integerOf(
    4,
    [4, 5],
    'MQTT protocol: 4 (3.1.1) or 5. With 5 a retained command is told apart and ignored even when it arrives while the daemon is subscribed.',
  ),
  tls,
}).check(secretGivenOnce('password'));

/** An mqtts:// or wss:// url uses TLS (and its files) without tls.enabled. */
export function isTlsUrl(url: string): boolean {
  return TLS_SCHEMES.includes(new URL(url).protocol);
}

import { readSecretFile } from './files.js';
import type { FileCamera } from './fileTypes.js';
import type { CheckedValues, ProblemList } from './problems.js';
import { quoteValue } from './redact.js';
import { hasUrlCredentials, withCredentials } from './sourceUrl.js';
import type { SourceKind } from './types.js';

export interface SourceContext {
  cwd: string;
  problems: ProblemList;
  /** Disabled cameras are not watched: their secret files need not exist yet. */
  enabled: boolean;
}

const CREDENTIAL_KEYS = ['source.username', 'source.password', 'source.password_file'] as const;

/**
 * Puts `username` and the password (from `password` or `password_file`) into an rtsp/http
 * url, so the config file itself can keep the secret out. Returns undefined after reporting.
 */
export function applyCredentials(
  checked: CheckedValues<FileCamera>,
  kind: SourceKind,
  url: string,
  context: SourceContext,
): string | undefined {
  if (!checked.allValid(...CREDENTIAL_KEYS)) return undefined;
  const { username, password, password_file: passwordFile } = checked.values.source;
  context.problems.hideSecret(password);
  if (username === '' && password === '' && passwordFile === '') return url;
  const report = (key: string, message: string) => {
    context.problems.add(checked.pathOf(key), message);
    return undefined;
  };
  if (kind !== 'rtsp' && kind !== 'http') {
    return report(
      'source.username',
      `credentials apply only to rtsp and http sources, not ${kind}`,
    );
  }
  if (password !== '' && passwordFile !== '') {
    return report('source.password_file', 'give either password or password_file, not both');
  }
  if (username === '') return report('source.username', 'is required with a password');
  // ffmpeg decodes the userinfo before splitting it at the first ':' (HTTP Basic/Digest).
  if (username.includes(':')) {
    return report('source.username', `${quoteValue(username)} must not contain ":"`);
  }
  if (hasUrlCredentials(url)) {
    return report('source.url', `${quoteValue(url)} already holds credentials; give them once`);
  }
  const secret = passwordFile === '' ? password : readPasswordFile(checked, passwordFile, context);
  return secret === undefined ? undefined : withCredentials(url, username, secret);
}

function readPasswordFile(
  checked: CheckedValues<FileCamera>,
  passwordFile: string,
  context: SourceContext,
): string | undefined {
  if (!context.enabled) return '';
  const read = readSecretFile(context.cwd, passwordFile);
  if ('problem' in read) {
    context.problems.add(checked.pathOf('source.password_file'), read.problem);
    return undefined;
  }
  context.problems.hideSecret(read.secret);
  return read.secret;
}

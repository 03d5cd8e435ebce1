import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { MAX_TLS_FILE_BYTES, readBounded } from './boundedRead.js';
import { fileProblem, resolveFrom } from './files.js';
import type { ProblemList } from './problems.js';

/**
 * The broker's TLS files, read and parsed as the connection will use them, so that a CA that
 * is missing, a key that cannot be read or does not fit the certificate is a configuration
 * error (exit 78) and not a failure after the model has loaded. OpenSSL's own words are left
 * out of the messages beyond their code: they could quote the file.
 */

export interface TlsFileNames {
  ca_file: string;
  cert_file: string;
  key_file: string;
}

type Key = keyof TlsFileNames;

/** Reports every problem under `mqtt.tls.<key>`. */
export function checkTlsFileContents(
  files: TlsFileNames,
  cwd: string,
  problems: ProblemList,
): void {
  const read = (key: Key): Buffer | undefined => readTlsFile(files, key, cwd, problems);
  const ca = read('ca_file');
  const cert = read('cert_file');
  const key = read('key_file');
  const report = (name: Key, message: string) => problems.add(`mqtt.tls.${name}`, message);
  if (ca !== undefined && !holdsCertificate(ca)) report('ca_file', 'holds no PEM certificate');
  if (cert !== undefined && !holdsCertificate(cert)) {
    report('cert_file', 'holds no PEM certificate');
    return;
  }
  if (key === undefined) return;
  const keyProblem = secureContextProblem({ key });
  if (keyProblem !== undefined) {
    report('key_file', `is not a usable private key (unencrypted PEM): ${keyProblem}`);
  } else if (cert !== undefined && secureContextProblem({ cert, key }) !== undefined) {
    report('key_file', 'does not belong to the certificate in cert_file');
  }
}

function readTlsFile(
  files: TlsFileNames,
  key: Key,
  cwd: string,
  problems: ProblemList,
): Buffer | undefined {
  const given = files[key];
  if (given === '') return undefined;
  const missing = fileProblem(cwd, given);
  const read =
    missing === undefined ? readBounded(resolveFrom(cwd, given), MAX_TLS_FILE_BYTES) : undefined;
  if (read !== undefined && 'data' in read) return read.data;
  problems.add(`mqtt.tls.${key}`, missing ?? `${given} ${read?.problem}`);
  return undefined;
}

function holdsCertificate(pem: Buffer): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function secureContextProblem(options: { cert?: Buffer; key: Buffer }): string | undefined {
  try {
    createSecureContext(options);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unreadable';
  }
}

import { readSecretFile } from '../files.js';
import type { ResolveContext } from './context.js';

export interface SecretKeys {
  /** Display path of the `..._file` key, e.g. `mqtt.password_file`. */
  filePath: string;
  value: string;
  file: string;
}

/**
 * A secret given as a value or as a file holding it (e.g. a systemd credential); one
 * trailing newline of the file is dropped. Undefined after reporting a problem.
 */
export function resolveSecret(keys: SecretKeys, context: ResolveContext): string | undefined {
  const { filePath, value, file } = keys;
  // The schema refuses both at once.
  if (file === '') return value;
  const read = readSecretFile(context.cwd, file);
  if ('problem' in read) {
    context.problems.add(filePath, read.problem);
    return undefined;
  }
  context.problems.hideSecret(read.secret);
  return read.secret;
}

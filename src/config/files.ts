import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { MAX_SECRET_FILE_BYTES, readBounded } from './boundedRead.js';
import { quoteValue } from './redact.js';

/**
 * Files named by the configuration. Relative paths resolve against the working directory,
 * not the config file's folder: systemd sets WorkingDirectory, and `check-config` run from
 * the same folder must agree with the daemon.
 */

export function resolveFrom(cwd: string, given: string): string {
  return resolve(cwd, given);
}

/** The path as the user wrote it; quoted only when it holds characters that break a line. */
function showPath(given: string): string {
  return /^[\x20-\x7e\u00a0-\uffff]+$/.test(given) ? given : quoteValue(given);
}

function resolvedNote(cwd: string, given: string): string {
  return isAbsolute(given) ? '' : ` (relative to ${cwd})`;
}

/** Why a file cannot be used, or undefined when it is there and readable. */
export function fileProblem(cwd: string, given: string): string | undefined {
  const resolved = resolveFrom(cwd, given);
  try {
    if (statSync(resolved).isDirectory()) {
      return `is a directory, not a file: ${showPath(given)}${resolvedNote(cwd, given)}`;
    }
  } catch {
    return `file not found: ${showPath(given)}${resolvedNote(cwd, given)}`;
  }
  try {
    accessSync(resolved, constants.R_OK);
  } catch {
    return `file not readable (permissions): ${showPath(given)}`;
  }
  return undefined;
}

export type SecretRead = { secret: string } | { problem: string };

/** Reads a secret from a file (e.g. a systemd credential); one trailing newline is dropped. */
export function readSecretFile(cwd: string, given: string): SecretRead {
  const problem = fileProblem(cwd, given);
  if (problem !== undefined) return { problem };
  const read = readBounded(resolveFrom(cwd, given), MAX_SECRET_FILE_BYTES);
  if ('problem' in read) {
    const { problem, code } = read;
    return {
      problem:
        code === undefined
          ? `${showPath(given)} ${problem}`
          : `cannot read ${showPath(given)}: ${code}`,
    };
  }
  const secret = read.data.toString('utf8').replace(/\r?\n$/, '');
  return secret === '' ? { problem: `file is empty: ${showPath(given)}` } : { secret };
}

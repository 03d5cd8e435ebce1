import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';

/**
 * Reading files the configuration names without trusting their size: a 50 MB YAML file or a
 * link to /dev/zero must be an error, not an out-of-memory abort. The size is checked before
 * reading, and the read stops one byte past the limit, so a file that grows meanwhile, or a
 * special file swapped in after the check, cannot get past it either.
 */

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
export const MAX_SECRET_FILE_BYTES = 64 * 1024;
/** A CA bundle such as Debian's ca-certificates.crt is about 200 KiB. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

/** `code`: the errno code when the file system refused, for callers that word it their way. */
export type BoundedRead = { data: Buffer } | { problem: string; code?: string };

/** The whole file, or why not; `problem` is a fragment to follow the path ("is ..."). */
export function readBounded(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    const before = unusable(statSync(path), maxBytes);
    if (before !== undefined) return { problem: before };
    // O_NONBLOCK: a FIFO swapped in after the stat must not hang the open.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return systemError(error);
  }
  try {
    const opened = unusable(fstatSync(fd), maxBytes);
    return opened === undefined ? readUpTo(fd, maxBytes) : { problem: opened };
  } catch (error) {
    return systemError(error);
  } finally {
    closeSync(fd);
  }
}

function systemError(error: unknown): BoundedRead {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return { problem: `cannot be read (${code})`, code };
}

function unusable(stats: Stats, maxBytes: number): string | undefined {
  if (stats.isDirectory()) return 'is a directory, not a file';
  if (!stats.isFile()) return `is not a regular file (${specialKind(stats)})`;
  return stats.size > maxBytes ? tooBig(`is ${stats.size} bytes`, maxBytes) : undefined;
}

function readUpTo(fd: number, maxBytes: number): BoundedRead {
  const buffer = Buffer.alloc(maxBytes + 1);
  let length = 0;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return { data: buffer.subarray(0, length) };
    length += read;
  }
  return { problem: tooBig('grew while being read', maxBytes) };
}

function tooBig(what: string, maxBytes: number): string {
  return `${what}; the limit is ${maxBytes} bytes (${maxBytes / 1024} KiB)`;
}

function specialKind(stats: Stats): string {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}

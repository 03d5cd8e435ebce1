/** One byte range of a file, both ends inclusive (as Content-Range says them). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A `Range` header against a file of `size` bytes (RFC 9110 §14): the range to send, 'unsatisfiable'
 * (416), or null to send the whole file (no header, another unit, several ranges or a
 * malformed one: a server may ignore Range, and browsers and players ask for one range).
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

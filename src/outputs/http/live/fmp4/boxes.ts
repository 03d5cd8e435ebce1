/**
 * ISO BMFF (MP4) boxes: a 32-bit size (1: a 64-bit size follows; 0: "to the end of the
 * file", which a stream never has) and a four-character type, then the payload.
 */

export interface BoxHeader {
  type: string;
  /** The whole box, header included. */
  size: number;
  /** Bytes of size and type (8, or 16 with a 64-bit size). */
  headerSize: number;
}

/** A box read out of a larger buffer: its type and where its payload lies. */
export interface Box {
  type: string;
  /** Start of the payload (after the header). */
  start: number;
  /** End of the box. */
  end: number;
}

/** A malformed or oversized box: the stream can no longer be followed. */
export class Fmp4Error extends Error {}

/** Printable ASCII, as every registered box type is. */
const BOX_TYPE = /^[\x20-\x7e]{4}$/;

/**
 * The header at `at`, or null while fewer bytes than it needs are there. Throws Fmp4Error
 * for what no MP4 holds (an unprintable type, a size smaller than its header or past
 * `maxSize`, a box running to the end of the stream).
 */
export function readBoxHeader(data: Buffer, at: number, maxSize: number): BoxHeader | null {
  if (data.length - at < 8) return null;
  const size32 = data.readUInt32BE(at);
  const type = data.toString('latin1', at + 4, at + 8);
  if (!BOX_TYPE.test(type)) {
    throw new Fmp4Error(`not an MP4 box type: ${JSON.stringify(type)}`);
  }
  let size = size32;
  let headerSize = 8;
  if (size32 === 1) {
    if (data.length - at < 16) return null;
    const size64 = data.readBigUInt64BE(at + 8);
    size = size64 > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size64);
    headerSize = 16;
  } else if (size32 === 0) {
    throw new Fmp4Error(`box ${type} runs to the end of the stream`);
  }
  if (size < headerSize)
    throw new Fmp4Error(`box ${type} of ${size} bytes is shorter than its header`);
  if (size > maxSize) throw new Fmp4Error(`box ${type} of ${size} bytes is over ${maxSize}`);
  return { type, size, headerSize };
}

/** The boxes inside [start, end) of a whole box's bytes; throws Fmp4Error on a bad one. */
export function childBoxes(data: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at < end) {
    const header = readBoxHeader(data, at, end - at);
    if (header === null) throw new Fmp4Error('truncated box');
    boxes.push({ type: header.type, start: at + header.headerSize, end: at + header.size });
    at += header.size;
  }
  return boxes;
}

/** The first box along `path` (types, outermost first) inside [start, end), or null. */
export function findBox(data: Buffer, start: number, end: number, path: string[]): Box | null {
  const [type, ...rest] = path;
  const box = childBoxes(data, start, end).find((child) => child.type === type);
  if (box === undefined) return null;
  return rest.length === 0 ? box : findBox(data, box.start, box.end, rest);
}

/** Reads a 32-bit field of a box's payload, or throws Fmp4Error when the box is too short. */
export function uint32At(data: Buffer, box: Box, offset: number): number {
  if (box.start + offset + 4 > box.end) throw new Fmp4Error(`box ${box.type} is too short`);
  return data.readUInt32BE(box.start + offset);
}

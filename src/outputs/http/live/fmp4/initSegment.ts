import { type Box, childBoxes, Fmp4Error, findBox, uint32At } from './boxes.js';

/** What the console needs to know of a stream from its init segment (ftyp + moov). */
export interface InitInfo {
  /** The sample entry's type: avc1/avc3 for H.264, hev1/hvc1 for H.265, ... */
  sampleEntry: string;
  /** RFC 6381 codec string (`avc1.64001f`) for H.264; null for anything else. */
  codec: string | null;
  width: number;
  height: number;
  /** trex's default sample flags: what a fragment's samples carry when it says nothing. */
  defaultSampleFlags: number;
}

const H264_ENTRIES = new Set(['avc1', 'avc3']);
/** A VisualSampleEntry's fixed fields before its child boxes (ISO/IEC 14496-12, 12.1.3). */
const VISUAL_SAMPLE_ENTRY_BYTES = 78;

/** Reads the first track of an init segment; throws Fmp4Error when it has none. */
export function readInitSegment(init: Buffer): InitInfo {
  const moov = findBox(init, 0, init.length, ['moov']);
  if (moov === null) throw new Fmp4Error('init segment without moov');
  const stsd = findBox(init, moov.start, moov.end, ['trak', 'mdia', 'minf', 'stbl', 'stsd']);
  if (stsd === null) throw new Fmp4Error('init segment without a sample description');
  // stsd: version and flags, entry count, then the entries.
  const [entry] = childBoxes(init, stsd.start + 8, stsd.end);
  if (entry === undefined) throw new Fmp4Error('sample description without an entry');
  const trex = findBox(init, moov.start, moov.end, ['mvex', 'trex']);
  if (trex === null) throw new Fmp4Error('init segment of an unfragmented MP4 (no mvex/trex)');
  return {
    sampleEntry: entry.type,
    codec: H264_ENTRIES.has(entry.type) ? h264Codec(init, entry) : null,
    width: entry.start + 28 <= entry.end ? init.readUInt16BE(entry.start + 24) : 0,
    height: entry.start + 28 <= entry.end ? init.readUInt16BE(entry.start + 26) : 0,
    // trex: version and flags, track id, description index, duration, size, then the flags.
    defaultSampleFlags: uint32At(init, trex, 20),
  };
}

/**
 * `avc1.PPCCLL`: profile, constraint flags and level from the avcC box, in hex (RFC 6381
 * 3.3), as MediaSource.isTypeSupported and addSourceBuffer expect them.
 */
function h264Codec(init: Buffer, entry: Box): string {
  const avcC = childBoxes(init, entry.start + VISUAL_SAMPLE_ENTRY_BYTES, entry.end).find(
    (box) => box.type === 'avcC',
  );
  if (avcC === undefined || avcC.end - avcC.start < 4) {
    throw new Fmp4Error(`${entry.type} sample entry without a usable avcC`);
  }
  const hex = (offset: number) => init[avcC.start + offset]?.toString(16).padStart(2, '0') ?? '';
  return `${entry.type}.${hex(1)}${hex(2)}${hex(3)}`;
}

import { Fmp4Error, findBox, uint32At } from './boxes.js';

/** A sample's flags say it depends on others (ISO/IEC 14496-12, 8.8.3.1). */
const SAMPLE_IS_NON_SYNC = 0x0001_0000;

// tfhd flags: which optional fields follow the track id.
const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;
// trun flags: which optional fields follow the sample count, then which each sample has.
const TRUN_DATA_OFFSET = 0x001;
const TRUN_FIRST_SAMPLE_FLAGS = 0x004;
const TRUN_SAMPLE_DURATION = 0x100;
const TRUN_SAMPLE_SIZE = 0x200;
const TRUN_SAMPLE_FLAGS = 0x400;

/**
 * Whether the fragment's first sample is a sync sample (a keyframe): a decoder can start
 * there. Its flags come from the first place that gives them: trun's first-sample flags, the
 * first sample's own, tfhd's default, trex's default (`defaultSampleFlags`, from the init).
 */
export function startsWithKeyframe(moof: Buffer, defaultSampleFlags: number): boolean {
  const traf = findBox(moof, 0, moof.length, ['moof', 'traf']);
  if (traf === null) throw new Fmp4Error('moof without traf');
  const tfhd = findBox(moof, traf.start, traf.end, ['tfhd']);
  const trun = findBox(moof, traf.start, traf.end, ['trun']);
  if (tfhd === null || trun === null) throw new Fmp4Error('traf without tfhd or trun');
  const flags = firstSampleFlags(moof, trun) ?? tfhdDefaultFlags(moof, tfhd) ?? defaultSampleFlags;
  return (flags & SAMPLE_IS_NON_SYNC) === 0;
}

type BoxOf = NonNullable<ReturnType<typeof findBox>>;

function fullBoxFlags(data: Buffer, box: BoxOf): number {
  return uint32At(data, box, 0) & 0xff_ffff;
}

function firstSampleFlags(data: Buffer, trun: BoxOf): number | null {
  const flags = fullBoxFlags(data, trun);
  if (uint32At(data, trun, 4) === 0) return null;
  let offset = 8 + (flags & TRUN_DATA_OFFSET ? 4 : 0);
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) return uint32At(data, trun, offset);
  if (!(flags & TRUN_SAMPLE_FLAGS)) return null;
  offset += (flags & TRUN_SAMPLE_DURATION ? 4 : 0) + (flags & TRUN_SAMPLE_SIZE ? 4 : 0);
  return uint32At(data, trun, offset);
}

function tfhdDefaultFlags(data: Buffer, tfhd: BoxOf): number | null {
  const flags = fullBoxFlags(data, tfhd);
  if (!(flags & TFHD_DEFAULT_FLAGS)) return null;
  const offset =
    8 +
    (flags & TFHD_BASE_DATA_OFFSET ? 8 : 0) +
    (flags & TFHD_DESCRIPTION_INDEX ? 4 : 0) +
    (flags & TFHD_DEFAULT_DURATION ? 4 : 0) +
    (flags & TFHD_DEFAULT_SIZE ? 4 : 0);
  return uint32At(data, tfhd, offset);
}

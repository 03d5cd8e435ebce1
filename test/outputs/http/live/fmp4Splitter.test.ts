import { beforeAll, describe, expect, it } from 'vitest';
import { startsWithKeyframe } from '../../../../src/outputs/http/live/fmp4/fragment.js';
import type { InitInfo } from '../../../../src/outputs/http/live/fmp4/initSegment.js';
import { Fmp4Splitter } from '../../../../src/outputs/http/live/fmp4/splitter.js';
import { fragmentedMp4, H264_ARGS } from './fmp4Fixture.js';

interface Split {
  inits: Array<{ segment: Buffer; info: InitInfo }>;
  fragments: Array<{ fragment: Buffer; keyframe: boolean }>;
  errors: string[];
}

function splitter(maxBoxBytes?: number) {
  const out: Split = { inits: [], fragments: [], errors: [] };
  const s = new Fmp4Splitter(
    {
      init: (segment, info) => out.inits.push({ segment, info }),
      fragment: (fragment, keyframe) => out.fragments.push({ fragment, keyframe }),
      error: (err) => out.errors.push(err.message),
    },
    maxBoxBytes,
  );
  return { s, out };
}

/** Pushes `data` in chunks of the given sizes, round and round. */
function pushInChunks(s: Fmp4Splitter, data: Buffer, sizes: number[]): void {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length] as number;
    s.push(data.subarray(at, at + size));
    at += size;
  }
}

/** A box of `type` around `payload`. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function words(...values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  for (const [i, value] of values.entries()) buf.writeUInt32BE(value >>> 0, i * 4);
  return buf;
}

let h264: Buffer;

beforeAll(() => {
  h264 = fragmentedMp4(H264_ARGS);
});

describe('Fmp4Splitter on what ffmpeg writes', () => {
  it('finds the init segment and every fragment, the keyframe ones marked', () => {
    const { s, out } = splitter();
    s.push(h264);
    expect(out.errors).toEqual([]);
    expect(out.inits).toHaveLength(1);
    const init = out.inits[0] as Split['inits'][number];
    expect(init.info).toMatchObject({ sampleEntry: 'avc1', codec: 'avc1.64001f', width: 320 });
    expect(init.segment.toString('latin1', 4, 8)).toBe('ftyp');
    // 90 frames: 3 keyframes, fragments of at most 100 ms (3 frames) cut at each.
    expect(out.fragments).toHaveLength(30);
    const keyframes = out.fragments.flatMap((f, i) => (f.keyframe ? [i] : []));
    expect(keyframes).toEqual([0, 10, 20]);
    for (const { fragment } of out.fragments) {
      expect(fragment.toString('latin1', 4, 8)).toBe('moof');
    }
    // Nothing lost but ffmpeg's closing index (mfra), which a live player has no use for.
    const joined = Buffer.concat([init.segment, ...out.fragments.map((f) => f.fragment)]);
    expect(h264.subarray(0, joined.length).equals(joined)).toBe(true);
    expect(h264.toString('latin1', joined.length + 4, joined.length + 8)).toBe('mfra');
  });

  it('splits the same however the pipe cuts the bytes', () => {
    for (const sizes of [[1], [7, 3, 16, 5000], [65_536]]) {
      const { s, out } = splitter();
      pushInChunks(s, h264, sizes);
      expect(out.errors).toEqual([]);
      expect(out.inits).toHaveLength(1);
      expect(out.fragments.map((f) => f.keyframe)).toEqual(
        Array.from({ length: 30 }, (_, i) => i % 10 === 0),
      );
    }
  });

  it('reports garbage once, ignores the rest of the run and reads the next run again', () => {
    const { s, out } = splitter();
    s.push(h264.subarray(0, 2000));
    s.push(Buffer.from('\x00\x00\x00\x10\xff\xfe\xfd\xfcgarbage!'.repeat(100), 'latin1'));
    s.push(h264);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/not an MP4 box type/);
    s.reset();
    s.push(h264);
    expect(out.errors).toHaveLength(1);
    expect(out.inits).toHaveLength(2);
    expect(out.fragments.length).toBeGreaterThanOrEqual(30);
  });

  it('refuses a box past its bound at its header, without waiting for its bytes', () => {
    const { s, out } = splitter(1024 * 1024);
    s.push(words(64 * 1024 * 1024, 0x6d646174)); // mdat of 64 MiB
    expect(out.errors).toEqual(['box mdat of 67108864 bytes is over 1048576']);
  });

  it('refuses fragments out of order: an mdat without its moof, a moof before the init', () => {
    for (const bytes of [box('ftyp', words(0)), box('moof')]) {
      const { s, out } = splitter();
      s.push(bytes);
      s.push(box('mdat', words(1)));
      expect(out.errors).toHaveLength(1);
    }
  });
});

describe('startsWithKeyframe', () => {
  const NON_SYNC = 0x0101_0000;
  const SYNC = 0x0200_0000;
  const tfhd = (flags: number, ...fields: number[]) => box('tfhd', words(flags, 1, ...fields));
  const moof = (...traf: Buffer[]) => box('moof', box('mfhd', words(0, 1)), box('traf', ...traf));

  it('reads trun’s first-sample flags first', () => {
    const trun = box('trun', words(0x005, 2, 0, SYNC));
    expect(startsWithKeyframe(moof(tfhd(0x20, NON_SYNC), trun), NON_SYNC)).toBe(true);
  });

  it('then the first sample’s own flags, after its duration and size', () => {
    const trun = box('trun', words(0x701, 2, 0, 33, 100, NON_SYNC, 33, 100, SYNC));
    expect(startsWithKeyframe(moof(tfhd(0x20, SYNC), trun), SYNC)).toBe(false);
  });

  it('then tfhd’s default, then trex’s from the init segment', () => {
    const trun = box('trun', words(0x001, 2, 0));
    // tfhd with a sample description index and a default size before its default flags.
    expect(startsWithKeyframe(moof(tfhd(0x32, 1, 100, SYNC), trun), NON_SYNC)).toBe(true);
    expect(startsWithKeyframe(moof(tfhd(0x00), trun), NON_SYNC)).toBe(false);
    expect(startsWithKeyframe(moof(tfhd(0x00), trun), SYNC)).toBe(true);
  });
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { JpegSplitter } from '../../../src/ingest/index.js';
import { mjpegStreamOf } from './support.js';

const stream = mjpegStreamOf('abseiling.mp4', 4);

function split(chunks: Buffer[], maxBytes?: number): { images: Buffer[]; splitter: JpegSplitter } {
  const images: Buffer[] = [];
  const splitter = new JpegSplitter((jpeg) => images.push(jpeg), maxBytes);
  for (const chunk of chunks) splitter.push(chunk);
  return { images, splitter };
}

/** Cuts `data` into pieces of varying size, down to 1 byte, like a pipe may deliver. */
function chunked(data: Buffer, sizes = [1, 7, 4096, 2, 65536, 13]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length] as number;
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('JpegSplitter', () => {
  it('cuts a real ffmpeg MJPEG stream into whole JPEGs that decode, whatever the chunking', async () => {
    const whole = split([stream]).images;
    const pieces = split(chunked(stream)).images;
    expect(whole.length).toBe(4);
    expect(pieces.map((p) => p.length)).toEqual(whole.map((w) => w.length));
    expect(Buffer.concat(whole).equals(stream)).toBe(true);
    for (const image of pieces) {
      const meta = await sharp(image).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 180]);
    }
  });

  it('skips garbage before and between images, counting it', () => {
    const [first, second] = split([stream]).images as [Buffer, Buffer];
    const garbage = Buffer.from([0x00, 0xff, 0x12, 0xff, 0xd9, 0x42]);
    const { images, splitter } = split([garbage, first, garbage, second]);
    expect(images.map((i) => i.length)).toEqual([first.length, second.length]);
    expect(splitter.discarded).toBe(2 * garbage.length);
  });

  it('is not fooled by an FF D9 inside a segment (an EXIF thumbnail)', () => {
    const [jpeg] = split([stream]).images as [Buffer];
    const payload = Buffer.from([0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xd8, 0xff, 0xd9, 1, 2]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, payload.length + 2]), payload]);
    const withThumbnail = Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
    const { images } = split(chunked(withThumbnail, [5, 3, 1000]));
    expect(images.map((i) => i.length)).toEqual([withThumbnail.length]);
  });

  it('drops an image that outgrows the limit, then finds the next one', () => {
    const [first, second] = split([stream]).images as [Buffer, Buffer];
    const truncated = first.subarray(0, first.length - 2);
    const { images, splitter } = split(
      [truncated, Buffer.alloc(first.length, 0), second],
      first.length + 10,
    );
    expect(images.map((i) => i.length)).toEqual([second.length]);
    expect(splitter.discarded).toBeGreaterThan(first.length);
  });

  it('reset() forgets a partial image', () => {
    const [first, second] = split([stream]).images as [Buffer, Buffer];
    const images: Buffer[] = [];
    const splitter = new JpegSplitter((jpeg) => images.push(jpeg));
    splitter.push(first.subarray(0, 100));
    splitter.reset();
    splitter.push(second);
    expect(images.map((i) => i.length)).toEqual([second.length]);
  });
});

/**
 * Cuts ffmpeg's `-f image2pipe -c:v mjpeg` stream into whole JPEG files. It follows the JPEG
 * structure instead of searching for an FF D9 byte pair: marker segments are skipped by their
 * length (an EXIF thumbnail inside APP1 holds an FF D9 of its own), and in entropy-coded data
 * FF 00 (stuffing), FF D0-D7 (restart markers) and FF FF (fill) are data; the first other
 * marker ends the scan, and EOI ends the image.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** A stream that never completes an image within this many bytes is not a JPEG stream. */
export const DEFAULT_MAX_JPEG_BYTES = 16 * 1024 * 1024;

type Phase = 'seekStart' | 'segments' | 'scan';

export class JpegSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Parse position inside `buffer` (the image being read starts at 0). */
  private pos = 0;
  private phase: Phase = 'seekStart';
  private discardedBytes = 0;
  private completed = 0;

  constructor(
    private readonly onImage: (jpeg: Buffer) => void,
    private readonly maxBytes = DEFAULT_MAX_JPEG_BYTES,
  ) {}

  /** Bytes thrown away because they were not part of a JPEG (garbage, oversized images). */
  get discarded(): number {
    return this.discardedBytes;
  }

  /** Consumes one chunk; returns how many images it completed. */
  push(chunk: Buffer): number {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const before = this.completed;
    while (this.step()) {
      // Each step consumed or skipped something; it returns false when it needs more bytes.
    }
    if (this.buffer.length > this.maxBytes) this.dropAll();
    return this.completed - before;
  }

  /** Forgets a partly read image (a new ffmpeg run starts a new stream). */
  reset(): void {
    this.buffer = Buffer.alloc(0);
    this.pos = 0;
    this.phase = 'seekStart';
  }

  /** Advances the parser; false when it needs more bytes. */
  private step(): boolean {
    if (this.phase === 'seekStart') return this.seekStart();
    if (this.phase === 'segments') return this.readSegment();
    return this.readScan();
  }

  private seekStart(): boolean {
    const start = findMarker(this.buffer, SOI, 0);
    if (start === -1) {
      // Keep a trailing FF: it may be the first half of the next SOI.
      const keep = this.buffer.at(-1) === 0xff ? 1 : 0;
      this.discardedBytes += this.buffer.length - keep;
      this.buffer = this.buffer.subarray(this.buffer.length - keep);
      return false;
    }
    this.discardedBytes += start;
    this.buffer = this.buffer.subarray(start);
    this.pos = 2;
    this.phase = 'segments';
    return true;
  }

  private readSegment(): boolean {
    const { buffer } = this;
    // Fill bytes (FF FF ...) may precede a marker.
    while (
      this.pos + 1 < buffer.length &&
      buffer[this.pos] === 0xff &&
      buffer[this.pos + 1] === 0xff
    ) {
      this.pos++;
    }
    if (this.pos + 2 > buffer.length) return false;
    if (buffer[this.pos] !== 0xff) return this.restart();
    const marker = buffer[this.pos + 1] as number;
    if (marker === EOI) return this.emit(this.pos + 2);
    if (isStandalone(marker)) {
      this.pos += 2;
      return true;
    }
    if (this.pos + 4 > buffer.length) return false;
    const length = buffer.readUInt16BE(this.pos + 2);
    if (length < 2) return this.restart();
    this.pos += 2 + length;
    if (marker === SOS) this.phase = 'scan';
    return true;
  }

  private readScan(): boolean {
    const { buffer } = this;
    while (this.pos + 1 < buffer.length) {
      if (buffer[this.pos] !== 0xff) {
        this.pos++;
        continue;
      }
      const next = buffer[this.pos + 1] as number;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        this.pos += 2;
      } else if (next === 0xff) {
        this.pos++;
      } else {
        this.phase = 'segments';
        return true;
      }
    }
    return false;
  }

  private emit(end: number): boolean {
    // A copy: the rest of the buffer is still being parsed, and the image may live long.
    const image = Buffer.from(this.buffer.subarray(0, end));
    this.buffer = this.buffer.subarray(end);
    this.phase = 'seekStart';
    this.pos = 0;
    this.completed++;
    this.onImage(image);
    return true;
  }

  /** Not a JPEG after all: look for the next start of image past this one's. */
  private restart(): boolean {
    this.discardedBytes += 2;
    this.buffer = this.buffer.subarray(2);
    this.pos = 0;
    this.phase = 'seekStart';
    return true;
  }

  private dropAll(): void {
    this.discardedBytes += this.buffer.length;
    this.reset();
  }
}

function findMarker(buffer: Buffer, marker: number, from: number): number {
  let at = buffer.indexOf(0xff, from);
  while (at !== -1 && at + 1 < buffer.length) {
    if (buffer[at + 1] === marker) return at;
    at = buffer.indexOf(0xff, at + 1);
  }
  return -1;
}

/** TEM, RST0-7, SOI and EOI carry no length. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

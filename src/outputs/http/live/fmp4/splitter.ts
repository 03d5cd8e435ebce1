import { Fmp4Error, readBoxHeader } from './boxes.js';
import { startsWithKeyframe } from './fragment.js';
import { type InitInfo, readInitSegment } from './initSegment.js';

export interface Fmp4Handlers {
  /** ftyp + moov of a new stream, and what they say about it. */
  init(segment: Buffer, info: InitInfo): void;
  /** One moof + mdat; `keyframe` when a decoder can start with it. */
  fragment(fragment: Buffer, keyframe: boolean): void;
  /** The bytes stopped making sense; nothing more is read until reset(). */
  error(err: Fmp4Error): void;
}

/**
 * A 1080p keyframe fragment is a few hundred KB; a box past this is garbage, and waiting
 * for its end would hold that much memory.
 */
export const DEFAULT_MAX_BOX_BYTES = 16 * 1024 * 1024;

/** Top-level boxes ffmpeg (or another muxer) may write that carry nothing a player needs. */
const SKIPPED = new Set(['free', 'skip', 'sidx', 'styp', 'prft', 'mfra', 'uuid', 'emsg']);

/**
 * Splits one ffmpeg run's fragmented MP4 into its init segment (ftyp + moov) and its
 * fragments (moof + mdat), as they arrive on the pipe. Holds at most one box in memory, never
 * more than `maxBoxBytes`. After garbage it reports one error and ignores the rest of the
 * run: a new run (reset) starts a new MP4 at its first byte, which is where to pick up again.
 */
export class Fmp4Splitter {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private ftyp: Buffer | null = null;
  private info: InitInfo | null = null;
  private moof: Buffer | null = null;
  private failed = false;

  constructor(
    private readonly handlers: Fmp4Handlers,
    private readonly maxBoxBytes = DEFAULT_MAX_BOX_BYTES,
  ) {}

  /** A new stream starts with the next byte. */
  reset(): void {
    this.chunks = [];
    this.bytes = 0;
    this.ftyp = null;
    this.info = null;
    this.moof = null;
    this.failed = false;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    try {
      this.drain();
    } catch (err) {
      this.failed = true;
      this.chunks = [];
      this.bytes = 0;
      this.handlers.error(err instanceof Fmp4Error ? err : new Fmp4Error(String(err)));
    }
  }

  /** Takes every whole box off the front of what arrived. */
  private drain(): void {
    for (;;) {
      const head = this.peek(16);
      const header = readBoxHeader(head, 0, this.maxBoxBytes);
      if (header === null || this.bytes < header.size) return;
      this.onBox(header.type, this.take(header.size));
    }
  }

  private onBox(type: string, box: Buffer): void {
    if (type === 'ftyp') {
      this.ftyp = box;
    } else if (type === 'moov') {
      if (this.ftyp === null) throw new Fmp4Error('moov before ftyp');
      const segment = Buffer.concat([this.ftyp, box]);
      this.info = readInitSegment(segment);
      this.handlers.init(segment, this.info);
    } else if (type === 'moof') {
      if (this.info === null) throw new Fmp4Error('moof before the init segment');
      if (this.moof !== null) throw new Fmp4Error('moof without its mdat');
      this.moof = box;
    } else if (type === 'mdat') {
      const moof = this.moof;
      if (moof === null || this.info === null) throw new Fmp4Error('mdat without its moof');
      this.moof = null;
      const keyframe = startsWithKeyframe(moof, this.info.defaultSampleFlags);
      this.handlers.fragment(Buffer.concat([moof, box]), keyframe);
    } else if (!SKIPPED.has(type)) {
      throw new Fmp4Error(`unexpected box ${JSON.stringify(type)}`);
    }
  }

  /** Up to `count` bytes from the front, without taking them. */
  private peek(count: number): Buffer {
    const first = this.chunks[0];
    if (first === undefined) return Buffer.alloc(0);
    if (first.length >= count || this.chunks.length === 1) return first;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  /** Exactly `count` bytes off the front (they are there). */
  private take(count: number): Buffer {
    const joined =
      this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const box = Buffer.from(joined.subarray(0, count));
    const rest = joined.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.bytes -= count;
    return box;
  }
}

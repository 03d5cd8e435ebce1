import { open } from 'node:fs/promises';

/** A moov box bigger than this is not one of our clips. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * The duration (ms) in an MP4's movie header (moov/mvhd), read from the file's boxes without
 * ffprobe (which ffmpeg-static does not ship); null when the file has none.
 */
export async function mp4DurationMs(file: string): Promise<number | null> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    let offset = 0;
    while (offset + 8 <= size) {
      const header = await readAt(handle, offset, 16);
      const box = boxHeader(header, 0);
      if (box === null) return null;
      if (box.type === 'moov') {
        const length = Math.min(box.size - box.headerBytes, MAX_MOOV_BYTES);
        const moov = await readAt(handle, offset + box.headerBytes, length);
        return mvhdDurationMs(moov);
      }
      offset += box.size === 0 ? size : box.size;
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** The mvhd duration inside a moov box's content. */
export function mvhdDurationMs(moov: Buffer): number | null {
  let offset = 0;
  while (offset + 8 <= moov.length) {
    const box = boxHeader(moov, offset);
    if (box === null) return null;
    if (box.type === 'mvhd') {
      const body = offset + box.headerBytes;
      const version = moov.readUInt8(body);
      const timescale = moov.readUInt32BE(body + (version === 1 ? 20 : 12));
      const duration =
        version === 1 ? Number(moov.readBigUInt64BE(body + 24)) : moov.readUInt32BE(body + 16);
      return timescale === 0 ? null : (duration * 1000) / timescale;
    }
    offset += box.size;
  }
  return null;
}

function boxHeader(
  buffer: Buffer,
  offset: number,
): { size: number; type: string; headerBytes: number } | null {
  if (offset + 8 > buffer.length) return null;
  const size32 = buffer.readUInt32BE(offset);
  const type = buffer.toString('latin1', offset + 4, offset + 8);
  if (size32 === 1) {
    if (offset + 16 > buffer.length) return null;
    return { size: Number(buffer.readBigUInt64BE(offset + 8)), type, headerBytes: 16 };
  }
  if (size32 !== 0 && size32 < 8) return null;
  return { size: size32, type, headerBytes: 8 };
}

async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

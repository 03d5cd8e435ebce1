/**
 * Fixed pseudo-random bytes (xorshift32) for "garbage" sources. Fresh random bytes now and then
 * look to ffmpeg's probe like some format ("Format lrc detected only with low score"), and it
 * then fails with another message than "Invalid data found when processing input"; these bytes
 * are the same every run, and ffmpeg 5.1 rejects them as invalid data.
 */
export function noiseBytes(length: number, seed = 0x5eed): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

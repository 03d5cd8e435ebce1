/**
 * Deterministic uint8 clips, (N, T, S, S, 3) RGB: a moving gradient plus hashed texture.
 * models/parity/reference.py's fixed_frames() makes the same bytes, so both sides feed the
 * model identical frames without storing them.
 */
export function fixedFrames(clips: number, frames: number, size: number): Uint8Array {
  const out = new Uint8Array(clips * frames * size * size * 3);
  let i = 0;
  for (let n = 0; n < clips; n++) {
    for (let t = 0; t < frames; t++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          for (let c = 0; c < 3; c++) out[i++] = fixedValue(n, t, y, x, c);
        }
      }
    }
  }
  return out;
}

function fixedValue(n: number, t: number, y: number, x: number, c: number): number {
  // 32-bit unsigned arithmetic, as numpy's uint64 masked to 32 bits does on the Python side.
  let h =
    (Math.imul(x, 0x9e3779b1) +
      Math.imul(y, 0x85ebca77) +
      Math.imul(t, 0xc2b2ae3d) +
      Math.imul(c, 0x27d4eb2f) +
      Math.imul(n, 0x165667b1)) >>>
    0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h = (h ^ (h >>> 12)) >>> 0;
  const smooth = (x * 3 + y * 2 + t * 11 + c * 70 + n * 40) & 255;
  return (smooth + (h & 63)) & 255;
}

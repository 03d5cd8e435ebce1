/**
 * Luma of an rgb24 frame, one sample every `step` pixels in both directions, written into a
 * buffer the caller allocated once. Motion needs no fine detail: a 224x224 model frame at
 * step 4 gives a 56x56 plane (3136 samples), enough to see a hand move and cheap to compare.
 */
export interface LumaGrid {
  width: number;
  height: number;
}

/** The plane subsampleLuma() writes for a frame of `frameWidth` x `frameHeight` at `step`. */
export function lumaGridOf(frameWidth: number, frameHeight: number, step: number): LumaGrid {
  if (!Number.isInteger(step) || step < 1) {
    throw new RangeError(`luma step must be a positive integer, got ${step}`);
  }
  if (!Number.isInteger(frameWidth) || !Number.isInteger(frameHeight)) {
    throw new RangeError(`frame size must be integers, got ${frameWidth}x${frameHeight}`);
  }
  if (frameWidth < step || frameHeight < step) {
    throw new RangeError(`frame ${frameWidth}x${frameHeight} is smaller than one ${step} px step`);
  }
  return { width: Math.floor(frameWidth / step), height: Math.floor(frameHeight / step) };
}

/**
 * BT.601 luma in integers ((77 R + 150 G + 29 B) >> 8, weights summing to 256), sampled at the
 * centre of each step x step cell so the plane covers the frame evenly. `out` must hold
 * lumaGridOf(...) width * height bytes; nothing is allocated.
 */
export function subsampleLuma(
  rgb: Uint8Array,
  frameWidth: number,
  step: number,
  out: Uint8Array,
  grid: LumaGrid,
): void {
  const offset = step >> 1;
  const rowBytes = frameWidth * 3;
  let o = 0;
  for (let gy = 0; gy < grid.height; gy++) {
    let p = (gy * step + offset) * rowBytes + offset * 3;
    for (let gx = 0; gx < grid.width; gx++) {
      out[o++] =
        (77 * (rgb[p] as number) + 150 * (rgb[p + 1] as number) + 29 * (rgb[p + 2] as number)) >> 8;
      p += step * 3;
    }
  }
}

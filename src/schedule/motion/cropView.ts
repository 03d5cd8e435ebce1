/**
 * Which part of the camera's full frame the model frame shows. The ring holds the model's
 * frames (short side scaled to `resizeShortSide`, then a centre crop of `cropSize`), so masks
 * given in fractions of the full frame are mapped through this view before rasterising.
 */
export interface CropView {
  /** Left, top, right and bottom edges of the crop, in fractions of the full frame. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ModelFrameGeometry {
  resizeShortSide: number;
  cropSize: number;
}

/** The view of the whole frame (a region or a source that is already the crop). */
export const WHOLE_FRAME: CropView = Object.freeze({ left: 0, top: 0, right: 1, bottom: 1 });

/**
 * The crop ffmpegArgs' filter takes of a `sourceWidth` x `sourceHeight` frame: the same
 * trunc() for the long side and the same centred offset, rounded as ffmpeg's crop rounds it.
 */
export function cropViewOf(
  sourceWidth: number,
  sourceHeight: number,
  geometry: ModelFrameGeometry,
): CropView {
  if (!(sourceWidth > 0 && sourceHeight > 0)) {
    throw new RangeError(`source size must be positive, got ${sourceWidth}x${sourceHeight}`);
  }
  const { resizeShortSide: s, cropSize: c } = geometry;
  const landscape = sourceWidth >= sourceHeight;
  const scaledWidth = landscape ? Math.trunc((sourceWidth * s) / sourceHeight) : s;
  const scaledHeight = landscape ? s : Math.trunc((sourceHeight * s) / sourceWidth);
  const x = roundHalfToEven((scaledWidth - c) / 2);
  const y = roundHalfToEven((scaledHeight - c) / 2);
  return {
    left: x / scaledWidth,
    top: y / scaledHeight,
    right: (x + c) / scaledWidth,
    bottom: (y + c) / scaledHeight,
  };
}

/** ffmpeg's lrint() under the default rounding mode. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

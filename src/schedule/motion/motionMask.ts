import type { CropView } from './cropView.js';
import type { LumaGrid } from './lumaFromRgb.js';

/** A rectangle that never counts as motion, in fractions (0..1) of the camera's full frame. */
export interface MaskRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A polygon that never counts as motion: corners in fractions of the full frame, in order. */
export interface MaskPolygon {
  points: ReadonlyArray<readonly [number, number]>;
}

export type MotionMask = MaskRectangle | MaskPolygon;

/**
 * Rasterises masks once into a bitmap over the measured plane: 1 where a pixel counts, 0 where
 * a mask covers the pixel's centre. `view` says which part of the full frame the plane shows,
 * so a mask drawn on the camera's picture lands on the right samples of a centre crop, and a
 * mask outside the crop simply covers nothing.
 */
export function rasteriseMasks(
  masks: readonly MotionMask[],
  grid: LumaGrid,
  view: CropView,
): Uint8Array {
  const counts = new Uint8Array(grid.width * grid.height).fill(1);
  const viewWidth = view.right - view.left;
  const viewHeight = view.bottom - view.top;
  for (let gy = 0; gy < grid.height; gy++) {
    const y = view.top + ((gy + 0.5) / grid.height) * viewHeight;
    for (let gx = 0; gx < grid.width; gx++) {
      const x = view.left + ((gx + 0.5) / grid.width) * viewWidth;
      if (masks.some((mask) => covers(mask, x, y))) counts[gy * grid.width + gx] = 0;
    }
  }
  return counts;
}

function covers(mask: MotionMask, x: number, y: number): boolean {
  if ('points' in mask) return insidePolygon(mask.points, x, y);
  return x >= mask.x && x < mask.x + mask.width && y >= mask.y && y < mask.y + mask.height;
}

/** Even-odd rule: a ray to the right crosses the polygon's edges an odd number of times. */
function insidePolygon(points: MaskPolygon['points'], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as readonly [number, number];
    const [xj, yj] = points[j] as readonly [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Problems with masks as `path: message`, for the configuration's checks. */
export function maskProblems(masks: readonly MotionMask[], path: string): string[] {
  const problems: string[] = [];
  masks.forEach((mask, i) => {
    const at = `${path}[${i}]`;
    if ('points' in mask) {
      if (mask.points.length < 3) problems.push(`${at}.points: a polygon needs at least 3 points`);
      mask.points.forEach(([px, py], k) => {
        if (!isFraction(px) || !isFraction(py)) {
          problems.push(`${at}.points[${k}]: must be [x, y] fractions of the frame, 0 to 1`);
        }
      });
      return;
    }
    const { x, y, width, height } = mask;
    if (![x, y, width, height].every(isFraction)) {
      problems.push(`${at}: x, y, width and height must be fractions of the frame, 0 to 1`);
    } else if (width <= 0 || height <= 0 || x + width > 1 || y + height > 1) {
      problems.push(`${at}: the rectangle must have a size and lie inside the frame`);
    }
  });
  return problems;
}

function isFraction(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** A region of the picture, in fractions (0..1) of its width and height, with its name. */
export interface RegionOutline {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const OUTLINE_COLOR = '#00e5ff';

/**
 * The outline of the region an alert happened in, with its name in a tag at its top left
 * corner, as an SVG the size of the picture (composited under the banner). Exported for tests
 * of what is drawn.
 */
export function regionOutlineSvg(width: number, height: number, region: RegionOutline): string {
  const stroke = Math.max(2, Math.round(width / 320));
  const fontSize = Math.max(11, Math.round(width / 40));
  // Kept inside the picture, so an edge on the frame's border still shows.
  const left = Math.min(width - stroke, Math.round(region.x * width) + stroke / 2);
  const top = Math.min(height - stroke, Math.round(region.y * height) + stroke / 2);
  const boxWidth = Math.max(1, Math.round(region.width * width) - stroke);
  const boxHeight = Math.max(1, Math.round(region.height * height) - stroke);
  const tagHeight = Math.round(fontSize * 1.4);
  // Below the top banner's usual height when the region starts at the top of the picture.
  const tagTop = Math.min(height - tagHeight, top + Math.round(fontSize * 3.2));
  const tagWidth = Math.round(fontSize * (0.65 * region.name.length + 1));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<rect x="${left}" y="${top}" width="${boxWidth}" height="${boxHeight}" fill="none" stroke="${OUTLINE_COLOR}" stroke-width="${stroke}"/>`,
    `<rect x="${left}" y="${tagTop}" width="${tagWidth}" height="${tagHeight}" fill="${OUTLINE_COLOR}"/>`,
    `<text x="${left + Math.round(fontSize / 2)}" y="${tagTop + fontSize}" fill="#000000" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" font-weight="bold">${escapeXml(region.name)}</text>`,
    '</svg>',
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

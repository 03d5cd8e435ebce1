import sharp from 'sharp';
import { type RegionOutline, regionOutlineSvg } from './regionOverlay.js';

export interface SnapshotAnnotation {
  label: string;
  score: number;
  timeMs: number;
  camera: string;
  rule: string;
  /** Adds a warning line: a random-weight model's label is no recognition. */
  randomWeights: boolean;
  /** The region the alert happened in: outlined and named on the picture. */
  region?: RegionOutline;
}

const BANNER_OPACITY = 0.6;

/**
 * Draws label, score, time, camera and rule on a banner across the top of the frame. sharp
 * renders the SVG text with the system's fontconfig fonts (DejaVu Sans on Debian), so no font
 * file ships with the project. Returns a new JPEG.
 */
export async function annotateSnapshot(
  jpeg: Buffer,
  annotation: SnapshotAnnotation,
): Promise<Buffer> {
  const image = sharp(jpeg);
  const { width, height } = await image.metadata();
  if (!width || !height) throw new Error('snapshot JPEG has no size');
  const overlay = Buffer.from(bannerSvg(width, height, annotation));
  const { region } = annotation;
  const outline = region && Buffer.from(regionOutlineSvg(width, height, region));
  return image
    .composite([
      ...(outline ? [{ input: outline, top: 0, left: 0 }] : []),
      { input: overlay, top: 0, left: 0 },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The banner as SVG; exported for tests of what is written. */
export function bannerSvg(width: number, height: number, a: SnapshotAnnotation): string {
  const fontSize = Math.max(11, Math.round(width / 32));
  const lineHeight = Math.round(fontSize * 1.3);
  const lines = [
    { text: `${a.label} ${a.score.toFixed(2)}`, color: '#ffffff', weight: 'bold' },
    {
      text: `${formatTime(a.timeMs)} · ${a.region ? `${a.camera} / ${a.region.name}` : a.camera} · rule ${a.rule}`,
      color: '#e0e0e0',
      weight: 'normal',
    },
  ];
  if (a.randomWeights) {
    lines.push({ text: 'random weights: not a recognition', color: '#ffb000', weight: 'bold' });
  }
  const bannerHeight = Math.min(height, lineHeight * lines.length + Math.round(fontSize / 2));
  const texts = lines
    .map(
      (line, i) =>
        `<text x="${Math.round(fontSize / 2)}" y="${lineHeight * (i + 1)}" fill="${line.color}" font-weight="${line.weight}">${escapeXml(line.text)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<rect x="0" y="0" width="${width}" height="${bannerHeight}" fill="#000000" fill-opacity="${BANNER_OPACITY}"/>`,
    `<g font-family="DejaVu Sans, sans-serif" font-size="${fontSize}">${texts}</g>`,
    '</svg>',
  ].join('');
}

/** `2025-01-08 13:00:05 CET`: the machine's wall clock, with its zone so it is unambiguous. */
export function formatTime(timeMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...(timeZone === undefined ? {} : { timeZone }),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(timeMs);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

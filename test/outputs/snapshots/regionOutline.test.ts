import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { annotateSnapshot, regionOutlineSvg } from '../../../src/outputs/snapshots/index.js';

const region = { name: 'rack', x: 0.5, y: 0.25, width: 0.5, height: 0.75 };

/** A mid-grey 640x360 JPEG, as a camera's snapshot output would give. */
function greyJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 360, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
}

async function pixel(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

const isCyan = ([r, g, b]: number[]) => (r ?? 255) < 80 && (g ?? 0) > 170 && (b ?? 0) > 170;
const isGrey = (rgb: number[]) => rgb.every((v) => Math.abs(v - 128) < 12);

describe('a region alert’s snapshot', () => {
  it('outlines the region and names it', async () => {
    const jpeg = await annotateSnapshot(await greyJpeg(), {
      label: 'deadlifting',
      score: 0.9,
      timeMs: Date.UTC(2026, 0, 1),
      camera: 'gym',
      rule: 'lifts',
      randomWeights: false,
      region,
    });
    // The outline's left edge at x = 320 (+ half its 2 px stroke), from y = 90 down.
    expect(isCyan(await pixel(jpeg, 321, 250))).toBe(true);
    // Its bottom edge, and nothing drawn left of it or inside it away from the name tag.
    expect(isCyan(await pixel(jpeg, 500, 358))).toBe(true);
    expect(isGrey(await pixel(jpeg, 200, 250))).toBe(true);
    expect(isGrey(await pixel(jpeg, 480, 300))).toBe(true);
    expect(regionOutlineSvg(640, 360, region)).toContain('>rack</text>');
  });

  it('escapes the name as SVG text', () => {
    expect(regionOutlineSvg(640, 360, { ...region, name: 'a<b' })).toContain('a&#60;b');
  });
});

import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { settingDefault } from '../../../src/config/index.js';
import type { RegionCrop } from '../../../src/ingest/index.js';
import {
  type CropReference,
  decodeRegionLikeTheDaemon,
  loadCrops,
  readJson,
} from '../../../tools/parity/index.js';
import { clip, ffmpegPath, golden, goldenDir } from './support.js';

// A region of interest against torchvision: the goldens hold torchvision's resize and center
// crop of the decoded frame cut at the region's pixels (models/parity/harness.py,
// region-goldens); ours come from the region's pipe of the daemon's one ffmpeg.
const crops = loadCrops(golden('region_crops.json'));
const region = (readJson(golden('region_crops.json')) as { region: RegionCrop }).region;
const defaultScaleFlags = settingDefault('ffmpeg.scale_flags') as string;

async function patchDifference(reference: CropReference): Promise<{ mean: number; max: number }> {
  const frames = await decodeRegionLikeTheDaemon(
    ffmpegPath,
    clip(reference.file),
    {
      cropSize: reference.crop,
      resizeShortSide: reference.resize,
      fps: 7.5,
      scaleFlags: defaultScaleFlags,
    },
    region,
  );
  const ours = frames[reference.sampledFrame]!;
  const { data, info } = await sharp(path.join(goldenDir, reference.png))
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([reference.size, reference.size, 3]);
  let sum = 0;
  let max = 0;
  for (let y = 0; y < reference.size; y++) {
    for (let x = 0; x < reference.size * 3; x++) {
      const mine = ours[((reference.y + y) * reference.crop + reference.x) * 3 + x]!;
      const difference = Math.abs(mine - data[y * reference.size * 3 + x]!);
      sum += difference;
      max = Math.max(max, difference);
    }
  }
  return { mean: sum / (reference.size * reference.size * 3), max };
}

describe(`region ${JSON.stringify(region)} against torchvision on the same crop`, () => {
  it.each(crops.filter((c) => c.resize === 256 || c.antialias))(
    '$file $png: within a rounding step (pixel MAE reported)',
    async (reference) => {
      const { mean, max } = await patchDifference(reference);
      console.log(`region parity ${reference.png}: MAE ${mean.toFixed(4)} of 255, max ${max}`);
      expect(max).toBeLessThanOrEqual(1);
      expect(mean).toBeLessThan(0.05);
    },
  );

  it.each(crops.filter((c) => c.resize !== 256 && !c.antialias))(
    '$file $png: within 6 of torchvision 0.14’s aliased downscale',
    async (reference) => {
      const { mean } = await patchDifference(reference);
      console.log(`region parity ${reference.png}: MAE ${mean.toFixed(4)} of 255`);
      expect(mean).toBeLessThan(6);
    },
  );
});

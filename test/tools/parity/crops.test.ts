import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { settingDefault } from '../../../src/config/index.js';
import { type CropReference, decodeLikeTheDaemon, loadCrops } from '../../../tools/parity/index.js';
import { clip, ffmpegPath, golden, goldenDir } from './support.js';

// (c) ffmpeg's resize + center crop against torchvision's on the same decoded frame. The
// goldens hold torchvision's crop of one sampled frame per clip (whole at the tiny model's
// 73/64, two patches of MViT-B's 256/224); the numbers for every frame and every scaler are
// in models/README.md (Parity).
const crops = loadCrops(golden('crops.json'));
const defaultScaleFlags = settingDefault('ffmpeg.scale_flags') as string;

const decoded = new Map<string, Promise<Uint8Array[]>>();

/** Each clip is decoded once per geometry, however many patches are compared. */
function ourFrames(reference: CropReference): Promise<Uint8Array[]> {
  const key = `${reference.file} ${reference.resize}/${reference.crop}`;
  let frames = decoded.get(key);
  if (frames === undefined) {
    frames = decodeLikeTheDaemon(ffmpegPath, clip(reference.file), {
      cropSize: reference.crop,
      resizeShortSide: reference.resize,
      fps: 7.5,
      scaleFlags: defaultScaleFlags,
    });
    decoded.set(key, frames);
  }
  return frames;
}

/** Mean and largest absolute difference, in 0..255 steps, of our crop's patch and torchvision's. */
async function patchDifference(reference: CropReference): Promise<{ mean: number; max: number }> {
  const ours = (await ourFrames(reference))[reference.sampledFrame]!;
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

describe('resize and crop against torchvision, default scale flags', () => {
  // Same crop offset, same colours: at most a rounding step apart anywhere.
  it.each(crops.filter((c) => c.resize === 256))(
    'MViT-B 256/224 $file, $png: no pixel off by more than 1',
    async (reference) => {
      const { mean, max } = await patchDifference(reference);
      expect(max).toBeLessThanOrEqual(1);
      expect(mean).toBeLessThan(0.05);
    },
  );

  it.each(crops.filter((c) => c.resize !== 256 && c.antialias))(
    'downscaling $file to 73/64 matches torchvision’s antialiased resize to a rounding step',
    async (reference) => {
      const { mean, max } = await patchDifference(reference);
      expect(max).toBeLessThanOrEqual(1);
      expect(mean).toBeLessThan(0.05);
    },
  );

  // torchvision 0.14's transforms() resizes tensors without antialiasing; libswscale always
  // filters when it shrinks, so at 3.5x smaller the pixels differ by a few steps (aliasing).
  it.each(crops.filter((c) => c.resize !== 256 && !c.antialias))(
    'downscaling $file to 73/64 stays within 6 of torchvision 0.14’s aliased resize',
    async (reference) => {
      expect((await patchDifference(reference)).mean).toBeLessThan(6);
    },
  );
});

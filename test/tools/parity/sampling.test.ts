import { describe, expect, it } from 'vitest';
import { decodeLikeTheDaemon, frameDigest, loadSampling } from '../../../tools/parity/index.js';
import { clip, ffmpegPath, golden } from './support.js';

// (b) The frames our ffmpeg sampling delivers at 7.5 fps are torchvision's VideoClips frames.
// Every frame of the file, put through the same argv at its own frame rate, is the yardstick:
// repeated frames are byte-identical, so bytes are compared, not guessed indices.
const sampling = loadSampling(golden('sampling.json'));
// Small frames: sampling does not depend on the size, and the test stays quick.
const geometry = { cropSize: 32, resizeShortSide: 37, scaleFlags: 'bilinear+full_chroma_inp' };

describe.each(sampling.clips)('sampling $file ($fps fps)', (reference) => {
  it('delivers torchvision’s frames at 7.5 fps, in order, and no others', async () => {
    const video = clip(reference.file);
    const [all, sampled] = await Promise.all([
      decodeLikeTheDaemon(ffmpegPath, video, { ...geometry, fps: reference.fps }),
      decodeLikeTheDaemon(ffmpegPath, video, { ...geometry, fps: sampling.modelFps }),
    ]);
    expect(all).toHaveLength(reference.frames);
    const step = reference.fps / sampling.modelFps;
    // torchvision stops at floor(frames * 7.5 / fps) frames; ffmpeg may add the frame after,
    // which exists in the file and sits on the same grid.
    expect(sampled.length - reference.indices.length).toBeGreaterThanOrEqual(0);
    expect(sampled.length - reference.indices.length).toBeLessThanOrEqual(1);
    const expectedIndex = (k: number) => reference.indices[k] ?? Math.floor(k * step);
    const wrong = sampled
      .map((frame, k) => ({ k, expected: expectedIndex(k), digest: frameDigest(frame) }))
      .filter(({ expected, digest }) => digest !== frameDigest(all[expected]!))
      .map(({ k, expected }) => `sampled frame ${k} is not frame ${expected}`);
    expect(wrong).toEqual([]);
  });
});

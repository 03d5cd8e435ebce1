import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BareSession } from '../../bench/bareSession.js';
import { decodeClipFrames } from '../../bench/clipFrames.js';
import { inputBytes, variantsNamed } from '../../bench/modelVariants.js';
import { resolveFfmpegPath } from '../../src/ingest/index.js';
import { loadModelCard } from '../../src/model/index.js';

// The benches run from the repository root and find the clips beside it, as vitest does.
const model = path.resolve('test/fixtures/tiny_mvit.onnx');
const card = path.resolve('test/fixtures/tiny_mvit.card.json');

describe('model bench input variants', () => {
  it('names the clip and gray inputs as bare variants', () => {
    expect(variantsNamed('bare-clip-input,bare-gray-input').map((v) => [v.kind, v.input])).toEqual([
      ['bare', 'clip'],
      ['bare', 'gray'],
    ]);
  });

  it("cuts a real window of arm_wrestling.mp4 as the daemon's argv delivers it, and a gray one", async () => {
    const c = loadModelCard(card);
    const clipBytes = c.clipLength * c.cropSize * c.cropSize * 3;
    const clip = await inputBytes('clip', card);
    expect(clip.length).toBe(clipBytes);
    const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
    const { bytes } = await decodeClipFrames(
      ffmpeg,
      path.resolve('../shared/clips/arm_wrestling.mp4'),
      c,
    );
    const frameBytes = c.cropSize * c.cropSize * 3;
    expect(
      Buffer.from(clip).equals(
        Buffer.from(bytes.subarray(32 * frameBytes, 32 * frameBytes + clipBytes)),
      ),
    ).toBe(true);
    // A real picture, not a constant.
    expect(new Set(clip).size).toBeGreaterThan(100);
    const gray = await inputBytes('gray', card);
    expect(gray.length).toBe(clipBytes);
    expect(new Set(gray)).toEqual(new Set([128]));
  });

  it('runs a bare session on given bytes, repeated for each clip of a batch, and refuses a wrong size', async () => {
    const gray = await inputBytes('gray', card);
    const bare = await BareSession.open({
      modelPath: model,
      provider: 'cpu',
      threads: 1,
      clipBytes: gray,
    });
    try {
      expect(await bare.timeRun(2)).toBeGreaterThan(0);
    } finally {
      await bare.release();
    }
    const short = await BareSession.open({
      modelPath: model,
      provider: 'cpu',
      threads: 1,
      clipBytes: gray.subarray(1),
    });
    try {
      await expect(short.timeRun(1)).rejects.toThrow(/a clip's input is \d+ bytes, got \d+/);
    } finally {
      await short.release();
    }
  });
});

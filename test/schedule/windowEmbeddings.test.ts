import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/buffer/frameRing.js';
import { silentLogger } from '../../src/log/index.js';
import { ClipScheduler, type WindowResult, type WindowRunner } from '../../src/schedule/index.js';

const FRAME_BYTES = 1;
const CLIP = 2;
const EMBEDDING = 3;

/** Runs at once; clip i's logit is its first byte, its embedding that byte three times. */
class EmbeddingRunner implements WindowRunner {
  readonly classes = 1;
  readonly embeddingSize = EMBEDDING;
  readonly calls: string[] = [];
  private readonly staging: Uint8Array;

  constructor(readonly maxBatch: number) {
    this.staging = new Uint8Array(maxBatch * CLIP * FRAME_BYTES);
  }

  clipSlot(i: number): Uint8Array {
    return this.staging.subarray(i * CLIP, (i + 1) * CLIP);
  }

  async run(clips: number): Promise<Float32Array> {
    this.calls.push(`run ${clips}`);
    return this.logits(clips);
  }

  async runWithEmbeddings(clips: number) {
    this.calls.push(`runWithEmbeddings ${clips}`);
    const embeddings = new Float32Array(clips * EMBEDDING);
    for (let i = 0; i < clips; i++)
      embeddings.fill(this.staging[i * CLIP] as number, i * EMBEDDING, (i + 1) * EMBEDDING);
    return { logits: this.logits(clips), embeddings };
  }

  private logits(clips: number): Float32Array {
    return Float32Array.from({ length: clips }, (_, i) => this.staging[i * CLIP] as number);
  }
}

function setup(withHead: string[]) {
  const runner = new EmbeddingRunner(2);
  const results: Array<{ camera: string; logit: number; embedding: number[] | null }> = [];
  const scheduler = new ClipScheduler({
    runner,
    clipLength: CLIP,
    stride: CLIP,
    framePeriodMs: 100,
    logger: silentLogger(),
    clock: { now: () => 0 },
    wantsEmbedding: (camera) => withHead.includes(camera),
    onResults: (rs: WindowResult[]) =>
      results.push(
        ...rs.map((r) => ({
          camera: r.camera,
          logit: r.logits[0] as number,
          embedding: r.embedding ? [...r.embedding] : null,
        })),
      ),
  });
  const rings = new Map<string, FrameRing>();
  for (const name of ['door', 'dock']) {
    const ring = new FrameRing({
      frameBytes: FRAME_BYTES,
      capacity: CLIP * 2,
      onCommit: (seq) => scheduler.frameArrived(name, seq),
    });
    rings.set(name, ring);
    scheduler.addCamera(name, ring);
  }
  const push = (name: string, value: number) => {
    const ring = rings.get(name) as FrameRing;
    ring.nextSlot().fill(value);
    ring.commit(value * 100);
  };
  return { runner, results, scheduler, push };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('window embeddings', () => {
  it('come only with the windows of cameras that want them, from one run of the batch', async () => {
    const { runner, results, push } = setup(['dock']);
    // door's window runs alone; dock's and door's next windows then wait and run together.
    push('door', 7);
    push('door', 7);
    push('dock', 5);
    push('dock', 5);
    push('door', 8);
    push('door', 8);
    await settle();
    await settle();
    expect(runner.calls).toEqual(['run 1', 'runWithEmbeddings 2']);
    expect(results).toEqual([
      { camera: 'door', logit: 7, embedding: null },
      { camera: 'door', logit: 8, embedding: null },
      { camera: 'dock', logit: 5, embedding: [5, 5, 5] },
    ]);
  });

  it('are never asked for when no camera wants them', async () => {
    const { runner, push } = setup([]);
    push('dock', 1);
    push('dock', 1);
    await settle();
    expect(runner.calls).toEqual(['run 1']);
  });
});

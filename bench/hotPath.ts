import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FrameRing } from '../src/buffer/index.js';
import { loadConfig } from '../src/config/index.js';
import { FrameSource, frameBytesFor } from '../src/ingest/index.js';
import { silentLogger } from '../src/log/index.js';
import { ClipScheduler } from '../src/schedule/index.js';

/** Pipe reads on Linux come in pages of the 64 KiB pipe buffer. */
const PIPE_CHUNK_BYTES = 65_536;
const CROP = 224;
const CLIP_LENGTH = 16;
const CLASSES = 400;

/** Stands in for ffmpeg: the source reads 'data' events from its stdout, as from a pipe. */
class SilentChild extends EventEmitter {
  // Streams for what FfmpegRun calls on them; 'data' is emitted by hand, chunk by chunk.
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdio = [null, this.stdout, this.stderr];
  readonly pid = 2 ** 22 + 1;
}

/**
 * The daemon's per-frame JavaScript path, from ffmpeg's stdout to the scheduler (FrameSource
 * with its watchdog, FrameReader, FrameRing, ClipScheduler.frameArrived) fed by pre-made pipe
 * chunks, so that whatever it allocates is its own. The runner returns pre-made logits.
 */
export class HotPath {
  private readonly child = new SilentChild();
  private readonly chunks: Buffer[];
  private readonly source: FrameSource;
  private readonly dir: string;
  private next = 0;
  windowsRun = 0;

  constructor(stride: number) {
    const frameBytes = frameBytesFor(CROP);
    // 64 frames are exactly 147 pipe chunks, so cycling through them keeps frame boundaries.
    const stream = Buffer.alloc(64 * frameBytes, 7);
    this.chunks = [];
    for (let at = 0; at < stream.length; at += PIPE_CHUNK_BYTES) {
      this.chunks.push(stream.subarray(at, at + PIPE_CHUNK_BYTES));
    }
    const slot = new Uint8Array(CLIP_LENGTH * frameBytes);
    const logits = new Float32Array(CLASSES);
    const scheduler = new ClipScheduler({
      runner: { maxBatch: 1, classes: CLASSES, clipSlot: () => slot, run: async () => logits },
      clipLength: CLIP_LENGTH,
      stride,
      framePeriodMs: 1000 / 7.5,
      logger: silentLogger(),
      onResults: (results) => {
        this.windowsRun += results.length;
      },
    });
    const ring = new FrameRing({
      frameBytes,
      capacity: CLIP_LENGTH + stride + 4,
      onCommit: (seq) => scheduler.frameArrived('cam0', seq),
    });
    scheduler.addCamera('cam0', ring);
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-bench-'));
    this.source = new FrameSource({
      camera: this.camera(),
      output: { cropSize: CROP, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' },
      ffmpegPath: 'ffmpeg',
      sink: ring,
      logger: silentLogger(),
      spawn: () => this.child as unknown as ChildProcess,
      kill: () => setImmediate(() => this.child.emit('close', null, 'SIGTERM')),
    });
    this.source.start();
  }

  /** How many pipe chunks carry `frames` frames (a multiple of 64). */
  chunksFor(frames: number): number {
    return (frames / 64) * this.chunks.length;
  }

  /** Pushes the next pipe chunk. */
  feedChunk(): void {
    this.child.stdout.emit('data', this.chunks[this.next]);
    this.next = (this.next + 1) % this.chunks.length;
  }

  async stop(): Promise<void> {
    await this.source.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A camera as the configuration would give it, whatever fields it has grown. */
  private camera() {
    const file = path.join(this.dir, 'hotpath.json');
    writeFileSync(
      file,
      JSON.stringify({
        model: {
          path: path.resolve('test/fixtures/tiny_mvit.onnx'),
          labels: path.resolve('labels.txt'),
        },
        state_dir: path.join(this.dir, 'state'),
        cameras: [{ name: 'cam0', source: { url: 'rtsp://127.0.0.1:9/hotpath' } }],
      }),
    );
    const camera = loadConfig({ file, env: {} }).cameras[0];
    if (camera === undefined) throw new Error('hot path config has no camera');
    return camera;
  }
}

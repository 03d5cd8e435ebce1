import { spawn } from 'node:child_process';
import { buildFfmpegArgs, frameBytesFor } from '../src/ingest/index.js';
import type { ModelCard } from '../src/model/index.js';
import { fileSource } from './ffmpegCpu.js';

/** Every frame of a clip as the daemon's ffmpeg argv delivers them for `card`: rgb24, in order. */
export async function decodeClipFrames(
  ffmpeg: string,
  clip: string,
  card: ModelCard,
  scaleFlags = 'bilinear',
): Promise<{ frames: number; bytes: Uint8Array }> {
  const args = buildFfmpegArgs(fileSource(clip), {
    cropSize: card.cropSize,
    resizeShortSide: card.resizeShortSide,
    fps: card.fps,
    scaleFlags,
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`ffmpeg on ${clip} exited with ${code}: ${stderr}`)),
    );
  });
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const frameBytes = frameBytesFor(card.cropSize);
  if (bytes.length % frameBytes !== 0) {
    throw new Error(
      `${clip}: ffmpeg wrote ${bytes.length} bytes, not whole ${frameBytes}-byte frames`,
    );
  }
  return { frames: bytes.length / frameBytes, bytes };
}

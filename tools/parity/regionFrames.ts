import { spawn } from 'node:child_process';
import { fileCamera } from '../../src/classify/fileCamera.js';
import {
  buildFfmpegArgs,
  type FfmpegOutput,
  frameBytesFor,
  type RegionCrop,
  regionFd,
} from '../../src/ingest/index.js';

/**
 * Every frame the daemon's own ffmpeg argv writes for one region of interest of `video` (a
 * file camera with that one region; its pipe at regionFd(0)), one Uint8Array per frame.
 */
export function decodeRegionLikeTheDaemon(
  ffmpegPath: string,
  video: string,
  output: FfmpegOutput,
  region: RegionCrop,
): Promise<Uint8Array[]> {
  const args = buildFfmpegArgs(fileCamera(video, 0).source, output, undefined, [region]);
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
  stdio[regionFd(0)] = 'pipe';
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: Array.from(stdio, (e) => e ?? 'ignore') });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdio[regionFd(0)]?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`ffmpeg failed on ${video}: ${stderr.trim() || `exit ${code}`}`));
        return;
      }
      const bytes = Buffer.concat(chunks);
      const frameBytes = frameBytesFor(output.cropSize);
      const frames: Uint8Array[] = [];
      for (let at = 0; at + frameBytes <= bytes.length; at += frameBytes) {
        frames.push(bytes.subarray(at, at + frameBytes));
      }
      resolve(frames);
    });
  });
}

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileCamera } from '../../src/classify/fileCamera.js';
import { buildFfmpegArgs, type FfmpegOutput, frameBytesFor } from '../../src/ingest/index.js';

/** Raw rgb24 frames of a clip at any size is far below this; a runaway decode is not. */
const MAX_OUTPUT_BYTES = 1 << 30;

/**
 * Every frame the daemon's own ffmpeg argv (a file camera, `output`'s sampling, resize and
 * crop) writes for `video`, one Uint8Array per frame.
 */
export function decodeLikeTheDaemon(
  ffmpegPath: string,
  video: string,
  output: FfmpegOutput,
  /** Measurements only: changes the -vf filter chain, e.g. to compare an older one. */
  editFilter: (filter: string) => string = (filter) => filter,
): Promise<Uint8Array[]> {
  const args = buildFfmpegArgs(fileCamera(video, 0).source, output);
  const vf = args.indexOf('-vf') + 1;
  args[vf] = editFilter(args[vf] as string);
  return new Promise((resolve, reject) => {
    execFile(
      ffmpegPath,
      args,
      { encoding: 'buffer', maxBuffer: MAX_OUTPUT_BYTES },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(`ffmpeg failed on ${video}: ${stderr.toString().trim() || err.message}`),
          );
          return;
        }
        resolve(splitFrames(stdout, frameBytesFor(output.cropSize), video));
      },
    );
  });
}

function splitFrames(bytes: Buffer, frameBytes: number, video: string): Uint8Array[] {
  if (bytes.length % frameBytes !== 0) {
    throw new Error(
      `${video}: ffmpeg wrote ${bytes.length} bytes, not whole ${frameBytes}-byte frames`,
    );
  }
  const frames: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += frameBytes) {
    frames.push(new Uint8Array(bytes.buffer, bytes.byteOffset + at, frameBytes));
  }
  return frames;
}

export function frameDigest(frame: Uint8Array): string {
  return createHash('sha1').update(frame).digest('hex');
}

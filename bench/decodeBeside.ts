import type { ChildProcess } from 'node:child_process';
import { spawnDyingWithParent } from '../src/ingest/spawnChild.js';

/** One camera's ffmpeg command line as the pipeline ran it. */
export interface FfmpegArgv {
  command: string;
  args: readonly string[];
}

/**
 * The camera's own argv with its frames written to /dev/null instead of our pipe: the same
 * decoding, scaling and conversion, and nothing of the pipeline reading it.
 */
export function decodeOnlyArgs(args: readonly string[]): string[] {
  const pipe = args.lastIndexOf('pipe:1');
  if (pipe < 0) throw new RangeError(`no 'pipe:1' output in ffmpeg argv: ${args.join(' ')}`);
  return [...args.slice(0, pipe), '-y', '/dev/null', ...args.slice(pipe + 1)];
}

/**
 * The cameras' ffmpeg decoding beside the bare runs: separates what decoding on the same
 * cores costs onnxruntime from what the pipeline's own code costs.
 */
export class DecodeLoad {
  private children: ChildProcess[] = [];

  /** Starts one decode-only ffmpeg per camera and gives them `settleMs` to get going. */
  async start(argvs: Iterable<FfmpegArgv>, settleMs: number): Promise<void> {
    for (const { command, args } of argvs) {
      this.children.push(
        spawnDyingWithParent(command, decodeOnlyArgs(args), {
          stdio: ['ignore', 'ignore', 'ignore'],
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  }

  async stop(): Promise<void> {
    const exits = this.children.map(
      (child) => new Promise((resolve) => child.once('close', resolve)),
    );
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.all(exits);
    this.children = [];
  }
}

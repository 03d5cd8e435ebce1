/**
 * The camera's own compressed stream passed on to the web console without re-encoding: one
 * more output of the same ffmpeg (no second camera connection, no encode) that copies the
 * video into fragmented MP4 on its own pipe, for Media Source Extensions in the browser.
 */

/** The child's fd the MP4 is written to (after the live view's fd 4, below the regions' 8). */
export const PASSTHROUGH_FD = 5;

/**
 * A fragment is cut at every keyframe (frag_keyframe) and once it holds this much time
 * (µs): a camera with keyframes seconds apart would otherwise hold each whole group of
 * pictures back until the next keyframe. Fragments that start between keyframes are told
 * apart by their sample flags (see fmp4Fragment.ts).
 */
const FRAGMENT_DURATION_US = 100_000;

/** What the camera's ffmpeg hands the passthrough side, run by run. */
export interface PassthroughOutput {
  /** A run with this output is starting: the bytes that follow begin a new MP4. */
  runStarted(): void;
  /** The next bytes of the run's fragmented MP4, as they arrive. */
  push(chunk: Buffer): void;
  /** The stream cannot be written as MP4 at all; this output is left out from now on. */
  unavailable(reason: string): void;
}

/**
 * argv of the passthrough output. empty_moov: the init segment (ftyp + moov, with the
 * stream's parameter sets) is written at once, before any frame; default_base_moof: each
 * fragment's data offsets count from its own moof, as MSE expects. flush_packets: every
 * fragment reaches the pipe as it is cut, not when ffmpeg's 32 KiB buffer fills.
 */
export function buildPassthroughOutputArgs(): string[] {
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-c:v', 'copy'],
    ...['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'],
    ...['-frag_duration', String(FRAGMENT_DURATION_US), '-flush_packets', '1'],
    `pipe:${PASSTHROUGH_FD}`,
  ];
}

/**
 * Lines of the MP4 muxer (ffmpeg 5 and 6: `[mp4 @ 0x...]`, 7: `[out#2/mp4 @ 0x...]`): in the
 * camera's ffmpeg only this output writes MP4.
 */
const MP4_MUXER_LINE = /^\[(?:out#\d+\/)?mp4 @ /;

/**
 * Whether the camera's runs carry the passthrough output. A stream MP4 cannot hold (raw
 * video in a file) makes ffmpeg fail before its first frame, every output with it: then the
 * output is left out for good, so recognition goes on without it and the console shows MJPEG.
 * A stream MP4 holds but a browser cannot play (H.265) is the HTTP side's business.
 */
export class PassthroughSwitch {
  private on = true;

  constructor(private readonly output: PassthroughOutput | undefined) {}

  /** argv to append for a run about to start; tells the output a new MP4 begins. */
  argsForRun(): string[] {
    if (this.output === undefined || !this.on) return [];
    this.output.runStarted();
    return buildPassthroughOutputArgs();
  }

  push(chunk: Buffer): void {
    if (this.on) this.output?.push(chunk);
  }

  /**
   * After a run that carried the output ended: true when the MP4 muxer is why it never
   * delivered a frame, in which case the output is now off and the output told why.
   */
  ruledOut(sawFrame: boolean, stderrLines: readonly string[]): boolean {
    if (this.output === undefined || !this.on || sawFrame) return false;
    const line = stderrLines.find((text) => MP4_MUXER_LINE.test(text));
    if (line === undefined) return false;
    this.on = false;
    this.output.unavailable(`ffmpeg cannot write this stream as MP4: ${line}`);
    return true;
  }
}

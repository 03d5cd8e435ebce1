import type { SourceConfig } from '../../config/types.js';

/**
 * What one kind of camera source (rtsp, http, v4l2, file) means, in one place: which urls
 * are of the kind, which settings apply to it, and how ffmpeg opens it.
 */
export interface SourceKindRules {
  /** URL schemes (`rtsp:`) that make a url of this kind. */
  schemes: readonly string[];
  /** A stream that never ends on its own: `realtime` and `loop` do not apply. */
  live: boolean;
  /**
   * Puts source.username and the password (from password or password_file) into the url;
   * kinds without it take no credentials.
   */
  withCredentials?: (url: string, username: string, password: string) => string;
  /** source.v4l2 (input format, size, frame rate) applies. */
  takesV4l2Options: boolean;
  /** Read from the local file system: found at load, relative to the working directory. */
  isLocalFile: boolean;
  /**
   * A recording with its own timeline and an end, not a stream: its frames carry media time,
   * sampling starts at its first frame (parity with torchvision), and ffmpeg exiting 0 at its
   * end (without loop) means done, not failed.
   */
  isRecording: boolean;
  /** Declared as this kind, a url that reads as `implied` is still fine (e.g. by-id devices). */
  acceptsDeclared?: (url: string, implied: string) => boolean;
  /** ffmpeg options before -i; `ioTimeoutMs` bounds a silent network socket. */
  inputArgs(source: SourceConfig, ioTimeoutMs: number): string[];
  /** ffmpeg's -i argument. */
  input(source: SourceConfig): string;
}

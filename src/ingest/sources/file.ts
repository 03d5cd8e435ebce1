import { fileURLToPath } from 'node:url';
import type { SourceKindRules } from './sourceKind.js';

/** A video file (a path, or a file:// url), by default read in real time and looped. */
export const file: SourceKindRules = {
  schemes: ['file:'],
  live: false,
  takesV4l2Options: false,
  isLocalFile: true,
  isRecording: true,
  inputArgs(source) {
    return [...(source.realtime ? ['-re'] : []), ...(source.loop ? ['-stream_loop', '-1'] : [])];
  },
  input(source) {
    const path = source.url.startsWith('file:') ? fileURLToPath(source.url) : source.url;
    // ffmpeg reads "name:rest" as protocol "name"; the file: protocol makes a path a path.
    return path.includes(':') ? `file:${path}` : path;
  },
};

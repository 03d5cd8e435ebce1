import type { SourceKindRules } from './sourceKind.js';

/** A USB camera: a /dev/video* device, or any /dev path declared `kind: v4l2`. */
export const v4l2: SourceKindRules = {
  schemes: [],
  live: true,
  takesV4l2Options: true,
  isLocalFile: false,
  isRecording: false,
  // Stable device names such as /dev/v4l/by-id/usb-...-video-index0 read as files.
  acceptsDeclared: (url, implied) =>
    implied === 'file' && !url.includes('://') && url.startsWith('/dev/'),
  inputArgs({ v4l2: options }) {
    const args = ['-f', 'v4l2'];
    if (options.inputFormat !== '') args.push('-input_format', options.inputFormat);
    if (options.videoSize !== '') args.push('-video_size', options.videoSize);
    if (options.framerate > 0) args.push('-framerate', String(options.framerate));
    return args;
  },
  input: (source) => source.url,
};

/** Devices that need no `kind`: their url alone says v4l2. */
export function isVideoDevice(url: string): boolean {
  return url.startsWith('/dev/video');
}

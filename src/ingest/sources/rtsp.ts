import type { SourceKindRules } from './sourceKind.js';

/** An IP camera over RTSP (rtsp:// or rtsps://). */
export const rtsp: SourceKindRules = {
  schemes: ['rtsp:', 'rtsps:'],
  live: true,
  takesCredentials: true,
  takesV4l2Options: false,
  isLocalFile: false,
  inputArgs(_source, ioTimeoutMs) {
    // TCP: UDP loses packets behind NAT and Wi-Fi, which smears frames. ffmpeg >= 5: before
    // 5.0 the rtsp demuxer's -timeout meant "listen for incoming connections".
    return ['-rtsp_transport', 'tcp', '-timeout', String(Math.round(ioTimeoutMs * 1000))];
  },
  input: (source) => source.url,
};

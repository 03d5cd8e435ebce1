import type { SourceKindRules } from './sourceKind.js';
import { withCredentials } from './urlCredentials.js';

/** An IP camera over RTSP (rtsp:// or rtsps://). */
export const rtsp: SourceKindRules = {
  schemes: ['rtsp:', 'rtsps:'],
  live: true,
  withCredentials,
  takesV4l2Options: false,
  isLocalFile: false,
  isRecording: false,
  inputArgs(_source, ioTimeoutMs) {
    // TCP first: UDP loses packets behind NAT and Wi-Fi, which smears frames. Not TCP only:
    // a server without RTP over TCP answers 461 and ffmpeg then sets up UDP, where
    // `-rtsp_transport tcp` would fail forever. A server that answers 400 instead needs
    // `input_args: [-rtsp_transport, udp]`.
    return ['-rtsp_flags', 'prefer_tcp', '-timeout', String(Math.round(ioTimeoutMs * 1000))];
  },
  input: (source) => source.url,
};

import type { SourceKindRules } from './sourceKind.js';
import { withCredentials } from './urlCredentials.js';

/** An MJPEG or other stream over http(s)://. */
export const http: SourceKindRules = {
  schemes: ['http:', 'https:'],
  live: false,
  withCredentials,
  takesV4l2Options: false,
  isLocalFile: false,
  isRecording: false,
  inputArgs(_source, ioTimeoutMs) {
    return [
      ...['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '5'],
      ...['-rw_timeout', String(Math.round(ioTimeoutMs * 1000))],
    ];
  },
  input: (source) => source.url,
};

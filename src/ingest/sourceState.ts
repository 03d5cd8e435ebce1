/** What a FrameSource tells its listeners; apart so the counters need not import the source. */
export type SourceState = 'starting' | 'online' | 'reconnecting' | 'offline';

export interface SourceStateDetail {
  /** Why, for people; never holds credentials. */
  reason?: string;
  /** ffmpeg's last stderr lines, credentials redacted, when it failed or stalled. */
  stderrTail?: string[];
  /** With 'reconnecting': when the next ffmpeg starts. */
  retryInMs?: number;
}

export interface FrameSourceEvents {
  state: [state: SourceState, detail: SourceStateDetail];
}

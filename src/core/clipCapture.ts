import type { ActionEvent } from '../recognize/index.js';
import type { ClipReference } from './resultBus.js';

/**
 * What an event's end and its alerts wait for, or name ahead: the event's clip. Like
 * SnapshotCapture, a narrow question that keeps recognition from knowing how clips are
 * recorded and cut.
 */
export interface ClipCapture {
  /**
   * Where the event's clip will be (path, URL, planned start) while it is still recorded;
   * null when its camera records no clips.
   */
  planned(event: ActionEvent): ClipReference | null;
  /**
   * The finished clip of an ended event, once its post-capture is recorded and it is cut
   * (bounded by clips.ready_timeout_s); null when none could be made. Never rejects.
   */
  finish(event: ActionEvent): Promise<ClipReference | null>;
}

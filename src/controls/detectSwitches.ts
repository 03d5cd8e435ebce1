import type { Logger } from '../log/index.js';
import { buildDetectOffPayload, type RetainedStates, type Topics } from '../outputs/mqtt/index.js';
import type { ControlsStore } from './controlsStore.js';

/** `ON` / `OFF` as Home Assistant's switch sends them; case and spaces forgiven. */
export function parseSwitchPayload(text: string): boolean | undefined {
  const word = text.trim().toUpperCase();
  if (word === 'ON') return true;
  return word === 'OFF' ? false : undefined;
}

export interface DetectSwitchesOptions {
  cameras: readonly string[];
  store: ControlsStore;
  retained: RetainedStates;
  topics: Topics;
  logger: Logger;
  /** Detection of `camera` was switched (not called for repeats of the same state). */
  onChange: (camera: string, on: boolean) => void;
  /** Time of the detection-off action message. */
  now?: () => number;
}

/**
 * Each camera's detect switch: `<p>/<camera>/detect/set` ON/OFF, state retained on
 * `<p>/<camera>/detect/state` and persisted, so a camera switched off stays off after a
 * restart. Off, the camera keeps streaming (snapshots, availability) but runs no inference,
 * and its retained `<p>/<camera>/action` says detection is off instead of showing the last
 * action recognized before.
 */
export class DetectSwitches {
  private readonly cameras: Set<string>;
  private readonly log: Logger;

  constructor(private readonly opts: DetectSwitchesOptions) {
    this.cameras = new Set(opts.cameras);
    this.log = opts.logger.child({ module: 'controls' });
  }

  /** Publishes every camera's persisted state. */
  start(): void {
    for (const camera of this.cameras) this.publish(camera, this.isOn(camera));
    const off = [...this.cameras].filter((camera) => !this.isOn(camera));
    for (const camera of off) this.publishAction(camera, false);
    if (off.length > 0) this.log.info({ cameras: off }, 'detection is switched off (persisted)');
  }

  isOn(camera: string): boolean {
    return this.opts.store.detect(camera);
  }

  /** Applies a detect/set payload; returns what it did, for logs and tests. */
  command(camera: string, payload: string): 'changed' | 'unchanged' | 'refused' {
    if (!this.cameras.has(camera)) {
      this.log.warn({ camera }, 'detect/set for a camera that is not configured; ignored');
      return 'refused';
    }
    const on = parseSwitchPayload(payload);
    if (on === undefined) {
      this.log.warn(
        { camera, payload: payload.slice(0, 64) },
        'detect/set payload must be ON or OFF',
      );
      return 'refused';
    }
    // Re-published even when unchanged: the sender waits for the state to confirm it.
    this.publish(camera, on);
    if (on === this.isOn(camera)) return 'unchanged';
    this.opts.store.setDetect(camera, on);
    this.log.info({ camera, detect: on ? 'ON' : 'OFF' }, 'detection switched');
    this.publishAction(camera, on);
    this.opts.onChange(camera, on);
    return 'changed';
  }

  private publish(camera: string, on: boolean): void {
    this.opts.retained.set(this.opts.topics.detectState(camera), on ? 'ON' : 'OFF');
  }

  /**
   * Off: the action topic says so (qos 0 like every action, and kept for reconnects). On: the
   * next window's action replaces it, so it must not be re-published after that one.
   */
  private publishAction(camera: string, on: boolean): void {
    const topic = this.opts.topics.action(camera);
    if (on) {
      this.opts.retained.forget(topic);
      return;
    }
    const nowMs = (this.opts.now ?? Date.now)();
    this.opts.retained.set(topic, JSON.stringify(buildDetectOffPayload(camera, nowMs)), 0);
  }
}

import type { Clock, DetectEvent, ResultBus } from '../core/index.js';
import type { Logger } from '../log/index.js';
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
  /** Where every state (restored, switched, confirmed) is announced as a `detect` event. */
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
}

export type SwitchOutcome = 'changed' | 'unchanged' | 'refused';

/**
 * Each camera's detect switch, persisted, so a camera switched off stays off after a
 * restart. Off, the camera keeps streaming (snapshots, availability) but runs no inference.
 * Every state is announced on the result bus; the outputs decide what it means to them.
 */
export class DetectSwitches {
  private readonly cameras: Set<string>;
  private readonly log: Logger;

  constructor(private readonly opts: DetectSwitchesOptions) {
    this.cameras = new Set(opts.cameras);
    this.log = opts.logger.child({ module: 'controls' });
  }

  /** Announces every camera's persisted state. */
  start(): void {
    for (const camera of this.cameras) this.announce(camera, this.isOn(camera), 'restored');
    const off = [...this.cameras].filter((camera) => !this.isOn(camera));
    if (off.length > 0) this.log.info({ cameras: off }, 'detection is switched off (persisted)');
  }

  isOn(camera: string): boolean {
    return this.opts.store.detect(camera);
  }

  /** Applies a detect/set payload (`ON` / `OFF`); returns what it did, for logs and tests. */
  command(camera: string, payload: string): SwitchOutcome {
    const on = parseSwitchPayload(payload);
    if (on === undefined) {
      if (!this.known(camera)) return 'refused';
      this.log.warn(
        { camera, payload: payload.slice(0, 64) },
        'detect/set payload must be ON or OFF',
      );
      return 'refused';
    }
    return this.set(camera, on);
  }

  set(camera: string, on: boolean): SwitchOutcome {
    if (!this.known(camera)) return 'refused';
    if (on === this.isOn(camera)) {
      // Announced even when unchanged: the sender waits for the state to confirm it.
      this.announce(camera, on, 'confirmed');
      return 'unchanged';
    }
    this.opts.store.setDetect(camera, on);
    this.log.info({ camera, detect: on ? 'ON' : 'OFF' }, 'detection switched');
    this.announce(camera, on, 'switched');
    return 'changed';
  }

  private known(camera: string): boolean {
    if (this.cameras.has(camera)) return true;
    this.log.warn({ camera }, 'detect/set for a camera that is not configured; ignored');
    return false;
  }

  private announce(camera: string, on: boolean, cause: DetectEvent['cause']): void {
    this.opts.bus.emit('detect', { camera, on, cause, timeMs: this.opts.clock.now() });
  }
}

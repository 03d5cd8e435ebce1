import type { Clock } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import { RECONNECT_PERIOD_MS } from './mqttOptions.js';

type LinkState = 'connecting' | 'up' | 'down' | 'stopping';

/**
 * Logs the broker link once per transition. MQTT.js emits `close` and `error` on every retry
 * (every 2 s during an outage); logging each would bury everything else in the journal.
 */
export class LinkLog {
  private state: LinkState = 'connecting';
  private lastErrorMessage: string | undefined;
  private downSinceMs = 0;

  constructor(
    private readonly log: Logger,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  get isUp(): boolean {
    return this.state === 'up';
  }

  starting(): void {
    this.state = 'connecting';
    this.lastErrorMessage = undefined;
  }

  connected(): void {
    if (this.state === 'down') {
      this.log.info({ downForMs: this.clock.now() - this.downSinceMs }, 'MQTT reconnected');
    } else if (this.state === 'connecting') {
      this.log.info('MQTT connected');
    }
    this.state = 'up';
    this.lastErrorMessage = undefined;
  }

  lost(): void {
    if (this.state === 'up') {
      this.log.warn(
        { retryEveryMs: RECONNECT_PERIOD_MS },
        'MQTT connection lost; actions are dropped until it is back',
      );
    } else if (this.state === 'connecting') {
      this.log.warn({ retryEveryMs: RECONNECT_PERIOD_MS }, 'MQTT broker unreachable; retrying');
    } else {
      return;
    }
    this.state = 'down';
    this.downSinceMs = this.clock.now();
  }

  error(err: Error): void {
    if (this.state === 'stopping' || err.message === this.lastErrorMessage) return;
    this.lastErrorMessage = err.message;
    this.log.error({ err }, 'MQTT error');
  }

  stopping(): void {
    this.state = 'stopping';
  }
}

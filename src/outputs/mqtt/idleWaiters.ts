import type { Clock } from '../../core/index.js';

/**
 * Callers waiting for something to go idle (the outbox, before a clean stop): each wait
 * resolves true when woken, or false once its own timeout passes.
 */
export class IdleWaiters {
  private waiters: Array<() => void> = [];

  constructor(private readonly clock: Clock) {}

  wait(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter = (): void => {
        this.clock.clearTimeout(timer);
        resolve(true);
      };
      const timer = this.clock.setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

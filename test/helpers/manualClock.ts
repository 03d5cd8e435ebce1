import type { Clock, TimerHandle } from '../../src/core/index.js';

interface Timer {
  dueMs: number;
  delayMs: number;
  /** null for a timeout, the period for an interval. */
  everyMs: number | null;
  callback: () => void;
}

/**
 * A Clock whose time moves only when the test says so: set() or advance() fire the timers that
 * fall due on the way, in time order.
 */
export class ManualClock implements Clock {
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(public nowMs = 0) {}

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.add({ dueMs: this.nowMs + ms, delayMs: ms, everyMs: null, callback });
  }

  setInterval(callback: () => void, ms: number): TimerHandle {
    return this.add({ dueMs: this.nowMs + ms, delayMs: ms, everyMs: Math.max(1, ms), callback });
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  clearInterval(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  refreshTimeout(handle: TimerHandle): void {
    const timer = this.timers.get(handle as number);
    if (timer !== undefined) timer.dueMs = this.nowMs + timer.delayMs;
  }

  unref(handle: TimerHandle): TimerHandle {
    return handle;
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    this.set(this.nowMs + ms);
  }

  /** Moves to `targetMs`, firing what falls due on the way. */
  set(targetMs: number): void {
    for (;;) {
      const next = this.nextDue(targetMs);
      if (next === undefined) break;
      const [id, timer] = next;
      this.nowMs = timer.dueMs;
      if (timer.everyMs === null) this.timers.delete(id);
      else timer.dueMs += timer.everyMs;
      timer.callback();
    }
    this.nowMs = targetMs;
  }

  private nextDue(targetMs: number): [number, Timer] | undefined {
    let found: [number, Timer] | undefined;
    for (const entry of this.timers) {
      if (entry[1].dueMs > targetMs) continue;
      if (found === undefined || entry[1].dueMs < found[1].dueMs) found = entry;
    }
    return found;
  }

  private add(timer: Timer): number {
    const id = this.nextId++;
    this.timers.set(id, timer);
    return id;
  }
}

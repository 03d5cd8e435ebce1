import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/ingest/index.js';

const options = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2, resetAfterMs: 5000 };

describe('Backoff', () => {
  it('grows by the factor up to the cap', () => {
    const backoff = new Backoff(options, () => 0.5);
    const delays = Array.from({ length: 7 }, () => backoff.nextDelayMs());
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(backoff.failures).toBe(7);
  });

  it('spreads delays by the jitter fraction, never past the cap', () => {
    const low = new Backoff(options, () => 0);
    expect([low.nextDelayMs(), low.nextDelayMs()]).toEqual([80, 160]);
    const high = new Backoff(options, () => 0.999_999);
    const delays = Array.from({ length: 5 }, () => high.nextDelayMs());
    expect(delays.slice(0, 4)).toEqual([120, 240, 480, 960]);
    expect(delays[4]).toBe(1000);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff(options, () => 0.5);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.reset();
    expect(backoff.nextDelayMs()).toBe(100);
  });

  it('starts over after a run that stayed healthy for resetAfterMs, not after a shorter one', () => {
    const backoff = new Backoff(options, () => 0.5);
    expect([backoff.delayAfterRunMs(null), backoff.delayAfterRunMs(null)]).toEqual([100, 200]);
    expect(backoff.delayAfterRunMs(4999)).toBe(400);
    expect(backoff.delayAfterRunMs(5000)).toBe(100);
    expect(backoff.failures).toBe(1);
  });

  it('rejects options that cannot work, quoting them', () => {
    expect(() => new Backoff({ ...options, maxMs: 50 })).toThrow(/maxMs.*got 50/);
    expect(() => new Backoff({ ...options, factor: 0.5 })).toThrow(/factor.*got 0.5/);
    expect(() => new Backoff({ ...options, jitter: 2 })).toThrow(/jitter.*got 2/);
  });
});

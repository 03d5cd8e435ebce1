import { describe, expect, it } from 'vitest';
import { LiveFrameClock } from '../../src/ingest/liveFrameClock.js';

const PERIOD = 1000 / 7.5;

describe('LiveFrameClock', () => {
  it('spreads a burst of buffered frames back onto the frame grid', () => {
    const clock = new LiveFrameClock(PERIOD, 2000);
    // 16 frames captured over 2 s but delivered within 100 ms once probing ended, then steady.
    const arrivals = [
      ...Array.from({ length: 16 }, (_, k) => 12_000 + k * 6),
      ...Array.from({ length: 4 }, (_, k) => 12_000 + (16 + k) * PERIOD - 15 * PERIOD),
    ];
    const times = arrivals.map((a, k) => clock.timeOf(k, a));
    // The first burst frames are placed on a grid whose origin only moves earlier as evidence
    // arrives; once steady, consecutive frames are exactly one period apart.
    for (let k = 17; k < times.length; k++)
      expect(times[k]! - times[k - 1]!).toBeCloseTo(PERIOD, 6);
    expect(times[15]! - times[0]!).toBeLessThanOrEqual(15 * PERIOD + 1e-6);
    for (let k = 0; k < times.length; k++) expect(times[k]).toBeLessThanOrEqual(arrivals[k]!);
  });

  it('gives exact periods for a steady stream with jittery arrivals', () => {
    const clock = new LiveFrameClock(PERIOD, 2000);
    const jitter = [30, 5, 20, 0, 12, 8, 25, 3];
    const times = jitter.map((j, k) => clock.timeOf(k, 50_000 + k * PERIOD + j));
    // Once the least delayed frame (k = 3) has been seen, the grid is exact.
    for (let k = 4; k < times.length; k++) expect(times[k]).toBeCloseTo(50_000 + k * PERIOD, 6);
    for (let k = 0; k < times.length; k++)
      expect(times[k]).toBeLessThanOrEqual(50_000 + k * PERIOD + jitter[k]!);
  });

  it('follows a camera clock that runs slow, lagging arrival by at most maxLagMs', () => {
    const clock = new LiveFrameClock(PERIOD, 1000);
    let last = 0;
    for (let k = 0; k < 3000; k++) {
      const arrival = k * PERIOD * 1.001; // 0.1 % slow: 40 s behind after 400 s
      last = clock.timeOf(k, arrival);
      expect(arrival - last).toBeLessThanOrEqual(1000 + 1e-6);
    }
    expect(last).toBeGreaterThan(2999 * PERIOD * 1.001 - 1001);
  });

  it('starts a new grid after reset', () => {
    const clock = new LiveFrameClock(PERIOD, 2000);
    clock.timeOf(0, 1000);
    clock.reset();
    expect(clock.timeOf(0, 90_000)).toBe(90_000);
  });
});

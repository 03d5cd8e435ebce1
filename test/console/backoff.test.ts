import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, LONGEST_RETRY_MS, retryDelayMs } from '../../src/console/backoff.js';

describe('the live views’ retry schedule', () => {
  it('starts at a second and doubles up to half a minute', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 7].map(retryDelayMs);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(retryDelayMs(0)).toBe(FIRST_RETRY_MS);
  });

  it('stays at the longest wait however many tries failed', () => {
    expect(retryDelayMs(1_000_000)).toBe(LONGEST_RETRY_MS);
  });

  it('treats nonsense counts as none', () => {
    expect(retryDelayMs(-3)).toBe(FIRST_RETRY_MS);
  });
});

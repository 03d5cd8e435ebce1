import { describe, expect, it } from 'vitest';
import { clipLocation, clipSpan } from '../../../src/outputs/clips/index.js';
import type { ActionEvent } from '../../../src/recognize/index.js';

const event: ActionEvent = {
  id: 'door-1736337605000-waving_hand',
  camera: 'door',
  label: 'waving hand',
  head: null,
  score: 0.8,
  topScore: 0.9,
  // The first window ended here; the latest ran from 9 000 to 11 133 after it.
  startMs: 1_736_337_605_000,
  lastSeenMs: 1_736_337_616_133,
  endMs: 1_736_337_616_133,
  window: { startMs: 1_736_337_614_000, endMs: 1_736_337_616_133 },
};

describe('clipSpan', () => {
  it('runs from pre-capture before the first window to post-capture after the end', () => {
    expect(clipSpan(event, { preCaptureS: 5, postCaptureS: 3 })).toEqual({
      startMs: 1_736_337_605_000 - 2133 - 5000,
      endMs: 1_736_337_616_133 + 3000,
    });
  });

  it('takes the last window seen for an event that has not ended', () => {
    const open = { ...event, endMs: null, lastSeenMs: 1_736_337_610_000 };
    expect(clipSpan(open, { preCaptureS: 0, postCaptureS: 0 }).endMs).toBe(1_736_337_610_000);
  });
});

describe('clipLocation', () => {
  it('names the file after the event, known before the clip exists', () => {
    expect(clipLocation(event, '/var/lib/aw/clips', 'http://nvr:8970')).toEqual({
      path: '/var/lib/aw/clips/door/20250108T120005.000Z_door-1736337605000-waving_hand.mp4',
      url: 'http://nvr:8970/api/clips/door/20250108T120005.000Z_door-1736337605000-waving_hand.mp4',
    });
  });
});

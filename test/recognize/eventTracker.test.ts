import { describe, expect, it } from 'vitest';
import type { EventsConfig } from '../../src/config/index.js';
import { type EventChange, EventTracker } from '../../src/recognize/index.js';

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);
const STEP_MS = 1000;
const BASE: EventsConfig = { enterScore: 0.6, exitScore: 0.4, minDurationMs: 0, maxGapMs: 2500 };

/** One window per second ending at T0 + i s; each entry is welding's score then. */
function run(config: Partial<EventsConfig>, weldingScores: number[]): string[] {
  const tracker = new EventTracker({ ...BASE, ...config });
  return weldingScores.flatMap((score, i) => {
    const endMs = T0 + i * STEP_MS;
    const changes = tracker.observe('bay3', { startMs: endMs - 2133, endMs }, [
      { label: 'welding', score },
    ]);
    return changes.map((change) => describeChange(change, i));
  });
}

function describeChange(change: EventChange, window: number): string {
  const { event } = change;
  const at = (ms: number | null) => (ms === null ? '-' : String((ms - T0) / STEP_MS));
  const base = `${window}:${change.type} start=${at(event.startMs)} top=${event.topScore}`;
  return change.type === 'end' ? `${base} end=${at(event.endMs)} ${change.reason}` : base;
}

describe('EventTracker lifecycle', () => {
  it.each([
    {
      name: 'flicker below the enter score makes no event',
      config: {},
      scores: [0.55, 0.3, 0.59, 0.45, 0.58, 0.2, 0.1, 0.1, 0.1],
      expected: [],
    },
    {
      name: 'reaching the enter score starts it; holding above exit keeps it; a long drop ends it',
      config: {},
      scores: [0.3, 0.65, 0.5, 0.45, 0.2, 0.2, 0.2, 0.2],
      expected: ['1:new start=1 top=0.65', '6:end start=1 top=0.65 end=3 gap'],
    },
    {
      name: 'a gap shorter than max_gap joins both parts into one event',
      config: {},
      scores: [0.7, 0.2, 0.7, 0.2, 0.2, 0.2],
      expected: ['0:new start=0 top=0.7', '5:end start=0 top=0.7 end=2 gap'],
    },
    {
      name: 'a gap longer than max_gap makes two events',
      config: { maxGapMs: 1500 },
      scores: [0.7, 0.2, 0.2, 0.7, 0.2, 0.2],
      expected: [
        '0:new start=0 top=0.7',
        '2:end start=0 top=0.7 end=0 gap',
        '3:new start=3 top=0.7',
        '5:end start=3 top=0.7 end=3 gap',
      ],
    },
    {
      name: 'min_duration holds the announcement until the label has lasted that long',
      config: { minDurationMs: 2000 },
      scores: [0.7, 0.5, 0.5, 0.2, 0.2, 0.2, 0.2],
      expected: ['2:new start=0 top=0.7', '5:end start=0 top=0.7 end=2 gap'],
    },
    {
      name: 'shorter than min_duration is never announced, so it never ends either',
      config: { minDurationMs: 3000 },
      scores: [0.7, 0.5, 0.2, 0.2, 0.2, 0.2],
      expected: [],
    },
    {
      name: 'a clearly higher peak is published as an update',
      config: {},
      scores: [0.6, 0.62, 0.8, 0.81, 0.9],
      expected: ['0:new start=0 top=0.6', '2:update start=0 top=0.8', '4:update start=0 top=0.9'],
    },
  ])('$name', ({ config, scores, expected }) => {
    expect(run(config, scores)).toEqual(expected);
  });

  it('keeps one id for new, update and end', () => {
    const tracker = new EventTracker(BASE);
    const window = (i: number) => ({ startMs: T0 + i * 1000 - 2000, endMs: T0 + i * 1000 });
    const ids = [
      ...tracker.observe('bay3', window(0), [{ label: 'welding', score: 0.6 }]),
      ...tracker.observe('bay3', window(1), [{ label: 'welding', score: 0.9 }]),
      ...tracker.endCamera('bay3', 'detect_off'),
    ].map((change) => `${change.type} ${change.event.id}`);
    expect(ids).toEqual([
      `new bay3-${T0}-welding`,
      `update bay3-${T0}-welding`,
      `end bay3-${T0}-welding`,
    ]);
  });

  it('tracks labels and cameras independently', () => {
    const tracker = new EventTracker(BASE);
    const w = { startMs: T0 - 2000, endMs: T0 };
    const changes = [
      ...tracker.observe('bay3', w, [
        { label: 'welding', score: 0.62 },
        { label: 'sawing', score: 0.61 },
      ]),
      ...tracker.observe('bay4', w, [{ label: 'welding', score: 0.9 }]),
    ];
    expect(changes.map((c) => `${c.event.camera}/${c.event.label}`)).toEqual([
      'bay3/welding',
      'bay3/sawing',
      'bay4/welding',
    ]);
    expect(tracker.openEvents('bay3').map((e) => e.label)).toEqual(['welding', 'sawing']);
  });

  it('expire() ends the events of a camera that stopped sending windows', () => {
    const tracker = new EventTracker(BASE, { lateWindowMs: 5000 });
    tracker.observe('bay3', { startMs: T0 - 2000, endMs: T0 }, [{ label: 'welding', score: 0.9 }]);
    expect(tracker.expire(T0 + 7500)).toEqual([]);
    const ended = tracker.expire(T0 + 7501);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ type: 'end', reason: 'no_windows', event: { endMs: T0 } });
    expect(tracker.openEvents('bay3')).toEqual([]);
  });

  it('refuses an exit score above the enter score', () => {
    expect(() => new EventTracker({ ...BASE, enterScore: 0.3, exitScore: 0.4 })).toThrow(
      'exitScore (0.4) must not exceed enterScore (0.3)',
    );
  });
});

describe('EventTracker with a head', () => {
  it("keeps a head's label apart from the model's label of the same name", () => {
    const tracker = new EventTracker(BASE);
    const changes = tracker.observe('bay3', { startMs: T0 - 2133, endMs: T0 }, [
      { label: 'welding', score: 0.9 },
      { label: 'welding', score: 0.7, head: 'dock' },
    ]);
    expect(changes.map((c) => [c.type, c.event.head, c.event.label, c.event.id])).toEqual([
      ['new', null, 'welding', `bay3-${T0}-welding`],
      ['new', 'dock', 'welding', `bay3-${T0}-dock_welding`],
    ]);
    // The head's label drops away while the model's holds: only the head's event ends.
    const welding = [{ label: 'welding', score: 0.9 }];
    expect(tracker.observe('bay3', { startMs: T0 - 1133, endMs: T0 + 1000 }, welding)).toEqual([]);
    const later = tracker.observe('bay3', { startMs: T0 + 867, endMs: T0 + 3000 }, welding);
    expect(later.map((c) => [c.type, c.event.head])).toEqual([['end', 'dock']]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../../src/config/index.js';
import { compileSchedule, parseTimeOfDay } from '../../src/recognize/index.js';

const nightShift: ScheduleConfig = {
  timezone: 'Europe/Berlin',
  windows: [{ days: ['fri'], start: '22:00', end: '06:00' }],
};

describe('compileSchedule', () => {
  it.each([
    // 2025-01-10 is a Friday; Berlin is UTC+1 in winter.
    ['Friday 21:59 Berlin', '2025-01-10T20:59:00Z', nightShift, false],
    ['Friday 22:00 Berlin', '2025-01-10T21:00:00Z', nightShift, true],
    ['Friday 23:59 Berlin', '2025-01-10T22:59:00Z', nightShift, true],
    ['Saturday 00:00 Berlin (past midnight)', '2025-01-10T23:00:00Z', nightShift, true],
    ['Saturday 05:59 Berlin', '2025-01-11T04:59:00Z', nightShift, true],
    ['Saturday 06:00 Berlin (end is exclusive)', '2025-01-11T05:00:00Z', nightShift, false],
    [
      'Saturday 22:30 Berlin (window starts on Fridays only)',
      '2025-01-11T21:30:00Z',
      nightShift,
      false,
    ],
    ['Friday 05:00 Berlin (Thursday did not start one)', '2025-01-10T04:00:00Z', nightShift, false],
    // Summer time: UTC+2, so the same wall clock is an hour earlier in UTC.
    ['Friday 22:00 Berlin in summer', '2025-07-11T20:00:00Z', nightShift, true],
    ['Friday 21:30 Berlin in summer', '2025-07-11T19:30:00Z', nightShift, false],
    [
      'New York 23:30 Sunday is Monday 04:30 UTC',
      '2025-01-13T04:30:00Z',
      { timezone: 'America/New_York', windows: [{ days: ['sun'], start: '23:00', end: '01:00' }] },
      true,
    ],
    [
      'a window with no days holds every day',
      '2025-01-08T12:00:00Z',
      { timezone: 'UTC', windows: [{ days: [], start: '08:00', end: '18:00' }] },
      true,
    ],
    [
      'start == end covers the whole day from the start',
      '2025-01-09T07:59:00Z',
      { timezone: 'UTC', windows: [{ days: ['wed'], start: '08:00', end: '08:00' }] },
      true,
    ],
    [
      'an end of 24:00 runs to midnight',
      '2025-01-08T23:59:00Z',
      { timezone: 'UTC', windows: [{ days: ['wed'], start: '20:00', end: '24:00' }] },
      true,
    ],
    [
      'any of several windows',
      '2025-01-08T12:30:00Z',
      {
        timezone: 'UTC',
        windows: [
          { days: [], start: '06:00', end: '07:00' },
          { days: ['wed'], start: '12:00', end: '13:00' },
        ],
      },
      true,
    ],
  ] as const)('%s', (_name, iso, config, active) => {
    expect(compileSchedule(config as ScheduleConfig).isActive(Date.parse(iso))).toBe(active);
  });

  it('holds across the daylight saving change night', () => {
    // Berlin springs forward on 2025-03-30 at 02:00 → 03:00 (a Sunday).
    const schedule = compileSchedule({
      timezone: 'Europe/Berlin',
      windows: [{ days: ['sat'], start: '22:00', end: '06:00' }],
    });
    expect(schedule.isActive(Date.parse('2025-03-30T00:59:00Z'))).toBe(true); // 01:59 CET
    expect(schedule.isActive(Date.parse('2025-03-30T01:00:00Z'))).toBe(true); // 03:00 CEST
    expect(schedule.isActive(Date.parse('2025-03-30T03:59:00Z'))).toBe(true); // 05:59 CEST
    expect(schedule.isActive(Date.parse('2025-03-30T04:00:00Z'))).toBe(false); // 06:00 CEST
  });

  it('refuses a zone the system does not know', () => {
    expect(() => compileSchedule({ timezone: 'Mars/Olympus', windows: [] })).toThrow(RangeError);
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['00:00', 0],
    ['06:30', 390],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s is %i minutes', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });

  it.each(['24:01', '7:00', '12:60', 'noon'])('refuses %j', (text) => {
    expect(() => parseTimeOfDay(text)).toThrow(
      `${JSON.stringify(text)} is not a time of day HH:MM`,
    );
  });
});

import * as z from 'zod';
import { quoteValue } from '../redact.js';
import { text } from './leaves.js';
import { listOf, section } from './section.js';

/** An alert rule's `schedule`: the local times it is active. */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// 24:00 is allowed as an end: "until midnight" reads better than 23:59.
const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function weekdayOf(value: unknown): Weekday | undefined {
  const name = typeof value === 'string' ? value.toLowerCase() : '';
  return WEEKDAYS.find((day, index) => day === name || FULL_NAMES[index] === name);
}

const day = z
  .custom<string>((value) => weekdayOf(value) !== undefined, {
    error: (issue) => `${quoteValue(issue.input)} is not a day: use mon ... sun`,
  })
  .transform((value) => weekdayOf(value) as Weekday);

function timeOfDay(isEnd: boolean) {
  const valid = (value: unknown) =>
    typeof value === 'string' && TIME_OF_DAY.test(value) && (isEnd || value !== '24:00');
  return z.custom<string>(valid, {
    // YAML 1.1 reads an unquoted 22:00 as the sexagesimal number 1320.
    error: (issue) =>
      `${quoteValue(issue.input)} is not a time of day HH:MM${typeof issue.input === 'number' ? ' (quote it: "22:00")' : ''}`,
  });
}

const window = z.strictObject(
  {
    days: z
      .array(day, {
        error: (issue) => `must be a list of days (mon ... sun), got ${quoteValue(issue.input)}`,
      })
      .nullish()
      .transform((days) => [...new Set(days ?? [])]),
    start: timeOfDay(false),
    end: timeOfDay(true),
  },
  {
    error: (issue) => `must be a mapping of days, start and end, got ${quoteValue(issue.input)}`,
  },
);

/** null when the rule has no windows: always active. */
export const scheduleSection = section({
  timezone: text('', "IANA time zone like Europe/Berlin; empty = the machine's zone.").refine(
    (zone) => zone === '' || isValidTimeZone(zone),
    {
      error: (issue) =>
        `${quoteValue(issue.input)} is not a time zone this system knows (use an IANA name like Europe/Berlin)`,
    },
  ),
  windows: listOf(window).default([]).meta({
    description:
      'Times the rule is active: [{days, start, end}], each day list empty = every day; an end at or before the start runs past midnight. Empty = always.',
  }),
}).transform((schedule) => (schedule.windows.length === 0 ? null : schedule));

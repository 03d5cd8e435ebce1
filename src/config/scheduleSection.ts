import type { ProblemList } from './problems.js';
import { WEEKDAYS } from './recognitionSchema.js';
import { quoteValue } from './redact.js';
import { isMapping } from './shapeCheck.js';
import type { ScheduleConfig, ScheduleWindowConfig, Weekday } from './types.js';

/**
 * An alert rule's `schedule`. convict cannot describe list items, so the windows are checked
 * here, every problem reported under its own path.
 */

// 24:00 is allowed as an end: "until midnight" reads better than 23:59.
const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const WINDOW_KEYS = new Set(['days', 'start', 'end']);
const FULL_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** null when the rule has no windows (always active); undefined after reporting a problem. */
export function buildSchedule(
  given: { timezone: string; windows: unknown[] },
  path: string,
  problems: ProblemList,
): ScheduleConfig | null | undefined {
  const before = problems.size;
  if (given.timezone !== '' && !isValidTimeZone(given.timezone)) {
    problems.add(
      `${path}.timezone`,
      `${quoteValue(given.timezone)} is not a time zone this system knows (use an IANA name like Europe/Berlin)`,
    );
  }
  const windows = given.windows.map((item, index) =>
    buildWindow(item, `${path}.windows[${index}]`, problems),
  );
  if (problems.size > before) return undefined;
  if (windows.length === 0) return null;
  return { timezone: given.timezone, windows: windows as ScheduleWindowConfig[] };
}

function buildWindow(
  item: unknown,
  path: string,
  problems: ProblemList,
): ScheduleWindowConfig | undefined {
  if (!isMapping(item)) {
    problems.add(path, `must be a mapping of days, start and end, got ${quoteValue(item)}`);
    return undefined;
  }
  for (const key of Object.keys(item)) {
    if (!WINDOW_KEYS.has(key)) problems.add(`${path}.${key}`, 'unknown key');
  }
  const days = buildDays(item.days, `${path}.days`, problems);
  const start = buildTime(item.start, `${path}.start`, problems, false);
  const end = buildTime(item.end, `${path}.end`, problems, true);
  if (days === undefined || start === undefined || end === undefined) return undefined;
  return { days, start, end };
}

function buildDays(value: unknown, path: string, problems: ProblemList): Weekday[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of days (mon ... sun), got ${quoteValue(value)}`);
    return undefined;
  }
  const days: Weekday[] = [];
  for (const [index, day] of value.entries()) {
    const name = typeof day === 'string' ? day.toLowerCase() : '';
    const known = WEEKDAYS.find((weekday) => weekday === name || FULL_NAMES[weekday] === name);
    if (known === undefined) {
      problems.add(`${path}[${index}]`, `${quoteValue(day)} is not a day: use mon ... sun`);
      return undefined;
    }
    if (!days.includes(known)) days.push(known);
  }
  return days;
}

function buildTime(
  value: unknown,
  path: string,
  problems: ProblemList,
  isEnd: boolean,
): string | undefined {
  if (typeof value === 'string' && TIME_OF_DAY.test(value) && (isEnd || value !== '24:00')) {
    return value;
  }
  // YAML 1.1 reads an unquoted 22:00 as the sexagesimal number 1320.
  const hint = typeof value === 'number' ? ' (quote it: "22:00")' : '';
  problems.add(path, `${quoteValue(value)} is not a time of day HH:MM${hint}`);
  return undefined;
}

import type { ScheduleConfig, ScheduleWindowConfig, Weekday } from '../config/types.js';

/**
 * When an alert rule is active: weekly time windows in a time zone, read on the local wall
 * clock of that zone (Intl, no time-zone package). A window whose end is at or before its
 * start runs past midnight into the next day, and belongs to the day it starts on: a
 * Friday 22:00-06:00 window covers Saturday 05:00, not Friday 05:00.
 */
export interface Schedule {
  isActive(epochMs: number): boolean;
}

const WEEKDAY_ORDER: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;

interface CompiledWindow {
  /** Indices into WEEKDAY_ORDER; all seven when the config lists none. */
  days: Set<number>;
  startMinute: number;
  endMinute: number;
}

/** Minutes after midnight of 'HH:MM' (24:00 allowed); throws quoting anything else. */
export function parseTimeOfDay(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const valid = match !== null && minutes < 60 && (hours < 24 || (hours === 24 && minutes === 0));
  if (!valid) throw new RangeError(`${JSON.stringify(text)} is not a time of day HH:MM`);
  return hours * 60 + minutes;
}

export function compileSchedule(config: ScheduleConfig): Schedule {
  const clock = new LocalClock(config.timezone);
  const windows = config.windows.map(compileWindow);
  return {
    isActive(epochMs: number): boolean {
      const { weekday, minute } = clock.at(epochMs);
      return windows.some((window) => inWindow(window, weekday, minute));
    },
  };
}

function compileWindow(window: ScheduleWindowConfig): CompiledWindow {
  const listed = window.days.length === 0 ? WEEKDAY_ORDER : window.days;
  return {
    days: new Set(listed.map((day) => WEEKDAY_ORDER.indexOf(day))),
    startMinute: parseTimeOfDay(window.start),
    endMinute: parseTimeOfDay(window.end),
  };
}

function inWindow(window: CompiledWindow, weekday: number, minute: number): boolean {
  const { days, startMinute, endMinute } = window;
  const today = days.has(weekday);
  if (startMinute < endMinute) return today && minute >= startMinute && minute < endMinute;
  // start == end: the whole day from the start to the same time the next day.
  const yesterday = days.has((weekday + 6) % 7);
  return (today && minute >= startMinute) || (yesterday && minute < endMinute);
}

/** Weekday and minute of the day on the wall clock of one zone ('' = the machine's). */
class LocalClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    // Throws RangeError for a zone this system does not know.
    this.format = new Intl.DateTimeFormat('en-US', {
      ...(timeZone === '' ? {} : { timeZone }),
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  at(epochMs: number): { weekday: number; minute: number } {
    let weekday = -1;
    let hour = 0;
    let minute = 0;
    for (const part of this.format.formatToParts(epochMs)) {
      if (part.type === 'weekday')
        weekday = WEEKDAY_ORDER.indexOf(part.value.toLowerCase() as Weekday);
      if (part.type === 'hour') hour = Number(part.value) % 24;
      if (part.type === 'minute') minute = Number(part.value);
    }
    return { weekday, minute: (hour * 60 + minute) % MINUTES_PER_DAY };
  }
}

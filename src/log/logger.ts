import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout (journald keeps them as they are). Child loggers carry
 * `module` and, for cameras, `camera`, so one camera's lines can be filtered out.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'actionwatch' } }, destination ?? pino.destination(1));
}

/** A logger that drops everything, for tests and pure helpers. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

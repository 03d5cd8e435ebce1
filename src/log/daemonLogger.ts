import { type DestinationStream, type Logger, pino } from 'pino';
import { isJournalStream, priorityPrefix } from './journald.js';
import { prettyLine } from './prettyLine.js';
import { secretScrubber } from './secretScrubber.js';

export type LogFormat = 'json' | 'pretty';

export interface DaemonLoggerOptions {
  level: string;
  /** Literals never to print: passwords and tokens from the configuration. */
  secrets: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Default: pretty when stdout is a terminal, else JSON (journald, files, pipes). */
  format?: LogFormat;
  /** Where lines go; default stdout (fd 1). */
  write?: (text: string) => void;
}

/**
 * The daemon's logger: structured JSON lines on stdout for journald and log shippers,
 * priority-prefixed under journald, readable lines on a terminal, secrets scrubbed from all.
 */
export function createDaemonLogger(options: DaemonLoggerOptions): Logger {
  const env = options.env ?? process.env;
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const journald = format === 'json' && isJournalStream(env, 1);
  const scrub = secretScrubber(options.secrets);
  const write = options.write ?? stdoutWriter();
  const destination: DestinationStream = {
    write(line: string) {
      const clean = scrub(line);
      if (format === 'pretty') write(prettyLine(clean, true));
      else write(journald ? `${priorityPrefix(clean)}${clean}` : clean);
    },
  };
  return pino({ level: options.level, base: { service: 'actionwatch' } }, destination);
}

/** Synchronous, so the last lines before a crash or exit are not lost in a buffer. */
function stdoutWriter(): (text: string) => void {
  const stream = pino.destination({ dest: 1, sync: true });
  return (text) => {
    stream.write(text);
  };
}

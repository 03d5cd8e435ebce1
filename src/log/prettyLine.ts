/**
 * One pino JSON line as a person reads it on a terminal:
 *   12:01:02.345 WARN  ingest cam1  ffmpeg failed; restarting after backoff  retryInMs=2000 ...
 * pino-pretty would do, but it is one more dependency for a few lines of code.
 */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\x1b[90m' },
  20: { name: 'DEBUG', color: '\x1b[36m' },
  30: { name: 'INFO ', color: '\x1b[32m' },
  40: { name: 'WARN ', color: '\x1b[33m' },
  50: { name: 'ERROR', color: '\x1b[31m' },
  60: { name: 'FATAL', color: '\x1b[35m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** Shown in the prefix or not at all. */
const HIDDEN_KEYS = new Set([
  'level',
  'time',
  'msg',
  'module',
  'camera',
  'pid',
  'hostname',
  'service',
  'err',
]);

export function prettyLine(jsonLine: string, colors: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const paint = (code: string, text: string) => (colors ? `${code}${text}${RESET}` : text);
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level), color: '' };
  const time = typeof entry.time === 'number' ? clockTime(entry.time) : '';
  const where = [entry.module, entry.camera].filter((part) => typeof part === 'string').join(' ');
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const head = [
    paint(DIM, time),
    paint(level.color, level.name),
    where && paint(DIM, where),
    String(entry.msg ?? ''),
  ];
  let text = head.filter((part) => part !== '').join(' ');
  if (fields.length > 0) text += `  ${paint(DIM, fields.join(' '))}`;
  const stack = errorStack(entry.err);
  if (stack !== '') text += `\n${paint(level.color, stack)}`;
  return `${text}\n`;
}

function clockTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function errorStack(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const { stack, message } = err as { stack?: unknown; message?: unknown };
  if (typeof stack === 'string') return indent(stack);
  return typeof message === 'string' ? indent(message) : '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

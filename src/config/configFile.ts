import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { MAX_CONFIG_FILE_BYTES, readBounded } from './boundedRead.js';
import { resolveFrom } from './files.js';
import { isMapping } from './isMapping.js';
import type { ProblemList } from './problems.js';
import { quoteValue } from './redact.js';

/**
 * Reads the configuration file into a plain object. Parse errors are reported as
 * `file:line:column: message` without the parser's excerpt of the file: the excerpt could
 * show a password.
 */
export function readConfigFile(
  file: string,
  cwd: string,
  problems: ProblemList,
): Record<string, unknown> {
  const extension = extname(file).toLowerCase();
  if (!['.yml', '.yaml', '.json'].includes(extension)) {
    problems.add(file, `unsupported extension ${quoteValue(extension)}; use .yml, .yaml or .json`);
    return {};
  }
  const read = readBounded(resolveFrom(cwd, file), MAX_CONFIG_FILE_BYTES);
  if ('problem' in read) {
    const { problem, code } = read;
    problems.add(
      file,
      code === undefined
        ? `the configuration file ${problem}`
        : `cannot read the configuration file (${code})`,
    );
    return {};
  }
  const text = read.data.toString('utf8');
  const parsed =
    extension === '.json' ? parseJson(text, file, problems) : parseYaml(text, file, problems);
  // An empty file means "all defaults".
  if (parsed === null || parsed === undefined) return {};
  if (isMapping(parsed)) return parsed;
  problems.add(
    file,
    `the top level must be a mapping of keys, got ${Array.isArray(parsed) ? 'a list' : typeof parsed}`,
  );
  return {};
}

function parseYaml(text: string, file: string, problems: ProblemList): unknown {
  const document = parseDocument(text);
  for (const error of document.errors) {
    const position = error.linePos?.[0];
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    problems.add(where, error.message.split(/ at line \d+, column \d+/)[0] ?? error.code);
  }
  if (document.errors.length > 0) return undefined;
  try {
    return document.toJS();
  } catch (error) {
    // e.g. too many aliases: yaml's guard against "billion laughs" documents.
    problems.add(file, (error as Error).message);
    return undefined;
  }
}

function parseJson(text: string, file: string, problems: ProblemList): unknown {
  try {
    return text.trim() === '' ? null : JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const where = offset === undefined ? file : `${file}:${lineAndColumn(text, Number(offset))}`;
    problems.add(where, cleanJsonMessage(message));
    return undefined;
  }
}

/** V8 messages may quote a piece of the input (`"{"password": "hu"... is not valid JSON`). */
function cleanJsonMessage(message: string): string {
  const withoutExcerpt = message.replace(/,\s*".*" is not valid JSON$/s, '');
  const withoutPosition = withoutExcerpt.replace(/\s*in JSON at position \d+.*$/s, '');
  return `invalid JSON: ${withoutPosition.split('\n')[0]}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

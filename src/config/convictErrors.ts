/**
 * convict reports all its problems in one Error whose message has one line per problem, in
 * three shapes. These turn each line back into a path and a message.
 */

export interface ConvictProblem {
  /** Dotted path as convict knows it, e.g. `mqtt.tls.ca_file`. */
  path: string;
  message: string;
  kind: 'unknown' | 'missing' | 'invalid';
}

const UNDECLARED = /^configuration param '(.*)' not declared in the schema$/;
const MISSING = /^configuration param '(.*)' missing from config, did you override its parent\?$/;
// Our formats already quote the value (or hide it); convict's own suffix would repeat it.
const INVALID = /^([A-Za-z0-9_.-]+): (.*?)(?:: value was .*)?$/;

export function parseConvictMessage(message: string): ConvictProblem[] {
  return message
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseLine);
}

function parseLine(line: string): ConvictProblem {
  const undeclared = UNDECLARED.exec(line);
  if (undeclared) return { path: undeclared[1] ?? '', message: 'unknown key', kind: 'unknown' };
  const missing = MISSING.exec(line);
  if (missing) {
    return {
      path: missing[1] ?? '',
      message: 'missing (was its section replaced?)',
      kind: 'missing',
    };
  }
  const invalid = INVALID.exec(line);
  if (invalid) return { path: invalid[1] ?? '', message: invalid[2] ?? line, kind: 'invalid' };
  return { path: '', message: line, kind: 'invalid' };
}

import convict from 'convict';
import { type ConvictProblem, parseConvictMessage } from './convictErrors.js';
import { CONVICT_FORMATS } from './formats.js';
import { CheckedValues, type ProblemList } from './problems.js';
import { isLeaf, type SchemaSection } from './schemaNodes.js';
import { checkShape, joinPath } from './shapeCheck.js';

convict.addFormats(CONVICT_FORMATS);

/**
 * Checks one object against a schema with convict, strictly (unknown keys are errors), and
 * reports every problem under `basePath`. Returns all values, with the failed paths marked,
 * so later cross-field checks can skip what is already reported.
 */
export function checkWithConvict<T>(
  input: Record<string, unknown>,
  schema: SchemaSection,
  basePath: string,
  env: NodeJS.ProcessEnv,
  problems: ProblemList,
): CheckedValues<T> {
  const { cleaned, droppedPaths } = checkShape(input, schema, basePath, problems);
  // args: [] keeps convict away from process.argv; the CLI owns the command line.
  const config = convict(schema as convict.Schema<T>, { env, args: [] });
  config.load(cleaned);
  const failedPaths = new Set(droppedPaths);
  try {
    config.validate({ allowed: 'strict' });
  } catch (error) {
    const reported = new Set<string>();
    for (const problem of parseConvictMessage((error as Error).message)) {
      const { path, message } = describeProblem(problem, schema, basePath);
      // An unknown key says nothing about its known siblings: they are still checked.
      if (problem.kind !== 'unknown') failedPaths.add(problem.path);
      if (!reported.has(path)) problems.add(path, message);
      reported.add(path);
    }
  }
  return new CheckedValues(basePath, config.getProperties(), failedPaths);
}

function describeProblem(
  problem: ConvictProblem,
  schema: SchemaSection,
  basePath: string,
): { path: string; message: string } {
  if (problem.kind !== 'unknown') {
    return { path: displayPath(basePath, problem.path.split('.')), message: problem.message };
  }
  return describeUnknownKey(problem.path.split('.'), schema, basePath);
}

/**
 * convict lists every leaf under an unknown key (`mqtt.bogus.a`, `mqtt.bogus.b`); report the
 * unknown key once, with a hint when it is a camelCase spelling of a known snake_case key.
 */
function describeUnknownKey(
  segments: string[],
  schema: SchemaSection,
  basePath: string,
): { path: string; message: string } {
  let section: SchemaSection = schema;
  for (let depth = 0; depth < segments.length; depth += 1) {
    const key = segments[depth] ?? '';
    const node = Object.hasOwn(section, key) ? section[key] : undefined;
    if (node === undefined || isLeaf(node)) {
      const path = displayPath(basePath, segments.slice(0, depth + 1));
      return { path, message: `unknown key${suggestion(key, Object.keys(section))}` };
    }
    section = node;
  }
  return { path: displayPath(basePath, segments), message: 'unknown key' };
}

function suggestion(key: string, knownKeys: string[]): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  const match = knownKeys.find((known) => known === snake && known !== key);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

function displayPath(basePath: string, segments: string[]): string {
  return segments.reduce((path, segment) => joinPath(path, segment), basePath);
}

import { hostname } from 'node:os';
import { checkWithConvict } from './convictCheck.js';
import { ConfigError } from './errors.js';
import { ffmpegPathProblem } from './ffmpegPath.js';
import type { FileTopLevel } from './fileTypes.js';
import { ProblemList } from './problems.js';
import { topLevelSchema } from './schema.js';
import { isLeaf, type SchemaLeaf, type SchemaSection } from './schemaNodes.js';

/**
 * The built-in default of one setting, named by its path in the file (`ffmpeg.scale_flags`).
 * Commands that work without a daemon configuration (`actionwatch classify`) take the daemon's
 * defaults from the one schema instead of repeating them.
 */
export function settingDefault(path: string): unknown {
  let node: SchemaSection | SchemaLeaf = topLevelSchema(hostname());
  for (const key of path.split('.')) {
    const next: SchemaSection | SchemaLeaf | undefined = isLeaf(node) ? undefined : node[key];
    if (next === undefined)
      throw new RangeError(`no setting '${path}' in the configuration schema`);
    node = next;
  }
  if (!isLeaf(node)) throw new RangeError(`'${path}' is a section, not a setting`);
  return node.default;
}

/**
 * The top-level `sections` as the daemon would see them without a configuration file: the
 * built-in defaults with its ACTIONWATCH_* environment overrides applied, checked as
 * loadConfig checks them. Only these sections: the daemon's own requirements (a camera, an
 * MQTT broker) are no business of a command that runs without one. Throws a ConfigError
 * listing every problem in them.
 */
export function settingsWithoutFile<K extends keyof FileTopLevel>(
  sections: readonly K[],
  env: NodeJS.ProcessEnv,
): Pick<FileTopLevel, K> {
  const schema = topLevelSchema(hostname());
  const picked: SchemaSection = {};
  for (const key of sections) picked[key] = schema[key] ?? {};
  const problems = new ProblemList(sections);
  const checked = checkWithConvict<Pick<FileTopLevel, K>>({}, picked, '', env, problems);
  if (sections.includes('ffmpeg' as K) && checked.isValid('ffmpeg.path')) {
    const { path } = (checked.values as Partial<FileTopLevel>).ffmpeg ?? { path: '' };
    const problem = ffmpegPathProblem(path, process.cwd(), env);
    if (problem !== undefined) problems.add('ffmpeg.path', problem);
  }
  if (problems.size > 0) throw new ConfigError(problems.toStrings());
  return checked.values;
}

import { applyEnvOverrides } from './envOverrides.js';
import { ConfigError } from './errors.js';
import { ffmpegPathProblem } from './ffmpegPath.js';
import { ProblemList } from './problems.js';
import { fileSettings, type SectionName } from './schema/index.js';
import { parseSections, type SectionValues } from './sections.js';

/**
 * The built-in default of one setting, named by its path in the file (`ffmpeg.scale_flags`).
 * Commands that work without a daemon configuration (`actionwatch classify`) take the daemon's
 * defaults from the one schema instead of repeating them.
 */
export function settingDefault(path: string): unknown {
  const setting = fileSettings().find((candidate) => candidate.path === path);
  if (setting === undefined) {
    throw new RangeError(`no setting '${path}' in the configuration schema`);
  }
  return setting.schema.parse(undefined);
}

/**
 * The top-level `sections` as the daemon would see them without a configuration file: the
 * built-in defaults with its ACTIONWATCH_* environment overrides applied, checked as
 * loadConfig checks them. Only these sections: the daemon's own requirements (a camera, an
 * MQTT broker) are no business of a command that runs without one. Throws a ConfigError
 * listing every problem in them.
 */
export function settingsWithoutFile<K extends SectionName>(
  sections: readonly K[],
  env: NodeJS.ProcessEnv,
): SectionValues<K> {
  const problems = new ProblemList(sections);
  const parsed = parseSections(applyEnvOverrides({}, env, sections), sections, problems);
  const ffmpeg = (parsed as Partial<SectionValues>).ffmpeg;
  if (ffmpeg !== undefined) {
    const problem = ffmpegPathProblem(ffmpeg.path, process.cwd(), env);
    if (problem !== undefined) problems.add('ffmpeg.path', problem);
  }
  if (problems.size > 0) throw new ConfigError(problems.toStrings());
  return parsed as SectionValues<K>;
}

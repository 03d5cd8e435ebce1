import { join } from 'node:path';
import { camelKeys } from './camelKeys.js';
import { readConfigFile } from './configFile.js';
import { applyEnvOverrides, hideSecrets } from './envOverrides.js';
import { ConfigError } from './errors.js';
import { resolveFrom } from './files.js';
import { deepFreeze } from './freeze.js';
import { ProblemList } from './problems.js';
import { checkRuleCameras } from './resolve/alerts.js';
import { resolveCameras } from './resolve/cameras.js';
import type { ResolveContext } from './resolve/context.js';
import { resolveHttp } from './resolve/http.js';
import { resolveFfmpeg, resolveModel } from './resolve/model.js';
import { resolveMqtt } from './resolve/mqtt.js';
import { SECTION_NAMES } from './schema/index.js';
import { parseSections, type SectionValues } from './sections.js';
import type { Config } from './types.js';

export interface LoadConfigOptions {
  /** YAML (.yml/.yaml) or JSON (.json); else ACTIONWATCH_CONFIG; else defaults only. */
  file?: string;
  env: NodeJS.ProcessEnv;
  /** Where relative paths resolve (systemd's WorkingDirectory); default process.cwd(). */
  cwd?: string;
}

/**
 * Reads, checks and resolves the configuration: file, then environment overrides, then the
 * schema, then what needs the file system. Throws one ConfigError listing every problem;
 * returns a frozen Config.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const cwd = options.cwd ?? process.cwd();
  const problems = new ProblemList(SECTION_NAMES);
  const file = options.file || options.env.ACTIONWATCH_CONFIG || undefined;
  const fromFile = file === undefined ? {} : readConfigFile(file, cwd, problems);
  // Without the file, every further complaint ("no cameras", ...) would be noise.
  if (problems.size > 0) throw new ConfigError(problems.toStrings());
  const raw = applyEnvOverrides(fromFile, options.env, SECTION_NAMES);
  hideSecrets(raw, problems);
  const sections = parseSections(raw, SECTION_NAMES, problems);
  const context = { cwd, env: options.env, problems };
  const config = resolveSections(sections, context, raw.alerts);
  if (config === undefined || problems.size > 0) throw new ConfigError(problems.toStrings());
  return deepFreeze(config);
}

/** Each checked section resolved on its own, so every problem is found in one pass. */
function resolveSections(
  sections: Partial<SectionValues>,
  context: ResolveContext,
  rulesAsGiven: unknown,
): Config | undefined {
  const { mqtt, model, ffmpeg, http, cameras } = sections;
  const resolved = {
    mqtt: mqtt && resolveMqtt(mqtt, context),
    model: model && resolveModel(model, context),
    ffmpeg: ffmpeg && resolveFfmpeg(ffmpeg, context),
    http: http && resolveHttp(http, context),
    cameras: cameras && resolveCameras(cameras, context),
  };
  const rulesFit =
    resolved.cameras && checkRuleCameras(rulesAsGiven, resolved.cameras, context.problems);
  if (!isComplete(resolved) || !rulesFit) return undefined;
  if (!isComplete(sections, SECTION_NAMES)) return undefined;
  const { state_dir: stateDir, snapshots, clips, homeassistant } = sections;
  const snapshotsDir = snapshots.dir === '' ? join(stateDir, 'snapshots') : snapshots.dir;
  const clipsDir = clips.dir === '' ? join(stateDir, 'clips') : clips.dir;
  return {
    ...resolved,
    recognition: camelKeys(sections.recognition),
    log: sections.log,
    outbox: camelKeys(sections.outbox),
    health: camelKeys(sections.health),
    stateDir: resolveFrom(context.cwd, stateDir),
    events: camelKeys(sections.events),
    alerts: camelKeys(sections.alerts),
    snapshots: { ...camelKeys(snapshots), dir: resolveFrom(context.cwd, snapshotsDir) },
    clips: { ...camelKeys(clips), dir: resolveFrom(context.cwd, clipsDir) },
    live: camelKeys(sections.live),
    homeAssistant: camelKeys(homeassistant),
  };
}

/** Every part checked and resolved without a problem. */
function isComplete<T extends object>(
  parts: T,
  keys: readonly PropertyKey[] = Object.keys(parts),
): parts is { [K in keyof T]-?: NonNullable<T[K]> } {
  return keys.every((key) => (parts as Record<PropertyKey, unknown>)[key] !== undefined);
}

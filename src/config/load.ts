import { hostname } from 'node:os';
import { buildAlertRules } from './alertRulesSection.js';
import { buildCameras } from './cameras.js';
import { readConfigFile } from './configFile.js';
import { checkWithConvict } from './convictCheck.js';
import { ConfigError } from './errors.js';
import {
  resolveEvents,
  resolveHomeAssistant,
  resolveSmoothing,
  resolveSnapshots,
} from './eventSections.js';
import { resolveFrom } from './files.js';
import type { FileTopLevel } from './fileTypes.js';
import { deepFreeze } from './freeze.js';
import { resolveFfmpeg, resolveModel } from './modelSection.js';
import { resolveMqtt, type SectionContext } from './mqttSection.js';
import { resolveOperations } from './operationsSection.js';
import { type CheckedValues, ProblemList } from './problems.js';
import { topLevelSchema } from './schema.js';
import type { Config } from './types.js';

export interface LoadConfigOptions {
  /** YAML (.yml/.yaml) or JSON (.json); else ACTIONWATCH_CONFIG; else defaults only. */
  file?: string;
  env: NodeJS.ProcessEnv;
  /** Where relative paths resolve (systemd's WorkingDirectory); default process.cwd(). */
  cwd?: string;
}

/**
 * Reads, checks and resolves the configuration: file, then environment overrides, then
 * cross-field checks. Throws one ConfigError listing every problem; returns a frozen Config.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const cwd = options.cwd ?? process.cwd();
  const schema = topLevelSchema(hostname());
  const problems = new ProblemList(Object.keys(schema));
  const file = options.file || options.env.ACTIONWATCH_CONFIG || undefined;
  const raw = file === undefined ? {} : readConfigFile(file, cwd, problems);
  // Without the file, every further complaint ("no cameras", ...) would be noise.
  if (problems.size > 0) throw new ConfigError(problems.toStrings());
  const checked = checkWithConvict<FileTopLevel>(raw, schema, '', options.env, problems);
  const config = buildConfig(checked, { cwd, env: options.env, problems });
  if (config === undefined || problems.size > 0) throw new ConfigError(problems.toStrings());
  return deepFreeze(config);
}

function buildConfig(
  checked: CheckedValues<FileTopLevel>,
  context: SectionContext,
): Config | undefined {
  const mqtt = resolveMqtt(checked, context);
  const model = resolveModel(checked, context);
  const ffmpeg = resolveFfmpeg(checked, context);
  const operations = resolveOperations(checked, context);
  const cameras = checked.isValid('cameras')
    ? buildCameras(checked.values.cameras, context)
    : undefined;
  // Before any early return, so its problems are listed with all the others.
  const outcomes = buildOutcomes(checked, context, cameras);
  const simple = ['recognition', 'log', 'state_dir'];
  if (!mqtt || !model || !ffmpeg || !cameras || !checked.allValid(...simple)) return undefined;
  if (!operations) return undefined;
  if (outcomes === undefined) return undefined;
  const { recognition, log, state_dir: stateDir } = checked.values;
  return {
    mqtt,
    model,
    recognition: {
      stride: recognition.stride,
      topK: recognition.top_k,
      smoothing: outcomes.smoothing,
    },
    ffmpeg,
    log: { level: log.level },
    ...operations,
    stateDir: resolveFrom(context.cwd, stateDir),
    cameras,
    events: outcomes.events,
    alerts: outcomes.alerts,
    snapshots: outcomes.snapshots,
    homeAssistant: outcomes.homeAssistant,
  };
}

type Outcomes = Pick<Config, 'events' | 'alerts' | 'snapshots' | 'homeAssistant'> &
  Pick<Config['recognition'], 'smoothing'>;

/** What turns windows into events and alerts (recognitionSchema.ts); every part checked. */
function buildOutcomes(
  checked: CheckedValues<FileTopLevel>,
  context: SectionContext,
  cameras: Config['cameras'] | undefined,
): Outcomes | undefined {
  const smoothing = resolveSmoothing(checked);
  const events = resolveEvents(checked, context);
  const snapshots = resolveSnapshots(checked, context);
  const homeAssistant = resolveHomeAssistant(checked);
  const alerts = checked.isValid('alerts')
    ? buildAlertRules(checked.values.alerts, cameras, context.problems)
    : undefined;
  if (!smoothing || !events || !snapshots || !homeAssistant || !alerts) return undefined;
  return { smoothing, events, alerts, snapshots, homeAssistant };
}

import { type ExecutionProvider, loadConfig, settingsWithoutFile } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { InferenceEngine } from '../model/index.js';
import type { ClassifyArgs } from './classifyArgs.js';

/** What classify takes from a daemon configuration, or from the daemon's defaults and env. */
export interface ClassifySettings {
  modelPath: string;
  /** '' = beside the model. */
  cardPath: string;
  labelsPath: string;
  providers: ExecutionProvider[];
  threads: number;
  /** ffmpeg.path; '' = FFMPEG_PATH, ffmpeg-static, PATH. */
  ffmpegPath: string;
  scaleFlags: string;
  stride: number;
  topK: number;
}

/**
 * The command line wins; then the configuration file (--config or ACTIONWATCH_CONFIG), fully
 * checked as the daemon checks it (throws ConfigError); without one, the daemon's built-in
 * defaults with its ACTIONWATCH_* overrides (ACTIONWATCH_MODEL_PATH, ..._THREADS, ...), so that
 * classify and the daemon see a video the same way.
 */
export function classifySettings(
  args: Pick<ClassifyArgs, 'config' | 'model' | 'labels' | 'stride' | 'topK'>,
  env: NodeJS.ProcessEnv,
): ClassifySettings {
  const file = args.config ?? env.ACTIONWATCH_CONFIG;
  const base = file ? fromConfig(file, env) : withoutFile(env);
  return {
    ...base,
    modelPath: args.model ?? base.modelPath,
    // A model named on the command line brings its own card.
    cardPath: args.model === undefined ? base.cardPath : '',
    labelsPath: args.labels ?? base.labelsPath,
    stride: args.stride ?? base.stride,
    topK: args.topK ?? base.topK,
  };
}

function fromConfig(file: string, env: NodeJS.ProcessEnv): ClassifySettings {
  const config = loadConfig({ file, env });
  return {
    modelPath: config.model.path,
    cardPath: config.model.card,
    labelsPath: config.model.labels,
    providers: [...config.model.providers],
    threads: config.model.threads,
    ffmpegPath: config.ffmpeg.path,
    scaleFlags: config.ffmpeg.scaleFlags,
    stride: config.recognition.stride,
    topK: config.recognition.topK,
  };
}

function withoutFile(env: NodeJS.ProcessEnv): ClassifySettings {
  const { model, ffmpeg, recognition } = settingsWithoutFile(
    ['model', 'ffmpeg', 'recognition'],
    env,
  );
  return {
    modelPath: model.path,
    // '' = beside the model, as the daemon's loadConfig resolves it.
    cardPath: model.card,
    labelsPath: model.labels,
    providers: [...model.providers],
    threads: model.threads,
    ffmpegPath: ffmpeg.path,
    scaleFlags: ffmpeg.scale_flags,
    stride: recognition.stride,
    topK: recognition.top_k,
  };
}

/** The engine classify and teach run a video through: one clip at a time, from the settings. */
export function loadSettingsEngine(
  settings: ClassifySettings,
  logger: Logger,
): Promise<InferenceEngine> {
  return InferenceEngine.load({
    modelPath: settings.modelPath,
    cardPath: settings.cardPath,
    labelsPath: settings.labelsPath,
    providers: settings.providers,
    threads: settings.threads,
    maxBatch: 1,
    logger,
  });
}

import { describe, expect, it } from 'vitest';
import { parseClassifyArgs } from '../../src/classify/classifyArgs.js';
import { classifySettings } from '../../src/classify/settings.js';
import { ConfigError, settingDefault } from '../../src/config/index.js';

function argsOf(argv: string[]) {
  const parsed = parseClassifyArgs(['clip.mp4', ...argv]);
  if (parsed.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(parsed)}`);
  return parsed.args;
}

const DAEMON_ENV = {
  ACTIONWATCH_MODEL_PATH: 'models/other.onnx',
  ACTIONWATCH_MODEL_CARD: 'models/other.card.json',
  ACTIONWATCH_MODEL_LABELS: 'other-labels.txt',
  ACTIONWATCH_MODEL_PROVIDERS: 'cuda,cpu',
  ACTIONWATCH_MODEL_THREADS: '3',
  // Checked when loaded: it must name a program that can be started.
  ACTIONWATCH_FFMPEG_PATH: process.execPath,
  ACTIONWATCH_FFMPEG_SCALE_FLAGS: 'bicubic',
  ACTIONWATCH_RECOGNITION_STRIDE: '4',
  ACTIONWATCH_RECOGNITION_TOP_K: '3',
};

describe('classifySettings without a configuration file', () => {
  it("takes the daemon's built-in defaults", () => {
    expect(classifySettings(argsOf([]), {})).toEqual({
      modelPath: settingDefault('model.path'),
      cardPath: '',
      labelsPath: settingDefault('model.labels'),
      providers: settingDefault('model.providers'),
      threads: settingDefault('model.threads'),
      ffmpegPath: settingDefault('ffmpeg.path'),
      scaleFlags: settingDefault('ffmpeg.scale_flags'),
      stride: settingDefault('recognition.stride'),
      topK: settingDefault('recognition.top_k'),
    });
  });

  it('honours the ACTIONWATCH_* overrides the daemon honours', () => {
    expect(classifySettings(argsOf([]), DAEMON_ENV)).toEqual({
      modelPath: 'models/other.onnx',
      cardPath: 'models/other.card.json',
      labelsPath: 'other-labels.txt',
      providers: ['cuda', 'cpu'],
      threads: 3,
      ffmpegPath: process.execPath,
      scaleFlags: 'bicubic',
      stride: 4,
      topK: 3,
    });
  });

  it('lets the command line win over the environment', () => {
    const settings = classifySettings(
      argsOf(['--model', 'cli.onnx', '--labels', 'cli.txt', '-s', '2', '-k', '7']),
      DAEMON_ENV,
    );
    expect(settings).toMatchObject({
      modelPath: 'cli.onnx',
      // A model named on the command line brings its own card, not the environment's.
      cardPath: '',
      labelsPath: 'cli.txt',
      stride: 2,
      topK: 7,
      threads: 3,
    });
  });

  it('refuses a bad override as the daemon would, ignoring settings it does not use', () => {
    const env = { ACTIONWATCH_MODEL_THREADS: 'lots', ACTIONWATCH_MQTT_URL: 'not a url' };
    expect(() => classifySettings(argsOf([]), env)).toThrow(ConfigError);
    try {
      classifySettings(argsOf([]), env);
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.stringMatching(/^model\.threads: .*lots/),
      ]);
    }
    expect(() => classifySettings(argsOf([]), { ACTIONWATCH_MQTT_URL: 'not a url' })).not.toThrow();
  });
});

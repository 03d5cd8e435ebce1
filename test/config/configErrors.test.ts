import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, EX_CONFIG, loadConfig } from '../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

/** The problems loadConfig reports for this file; fails the test when it loads. */
function problemsOf(content: string, fileName = 'config.yml', env: NodeJS.ProcessEnv = {}) {
  workspace.write(fileName, content);
  try {
    loadConfig({ file: fileName, env, cwd: workspace.dir });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { problems: (error as ConfigError).problems, message: (error as Error).message };
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

function camera(name: string, extra = ''): string {
  return `  - name: "${name}"\n    source: { url: clip.mp4 }\n${extra}`;
}

describe('unknown keys', () => {
  it.each([
    ['top level', `bogus: 1\n${ONE_FILE_CAMERA}`, 'bogus: unknown key'],
    ['nested', `mqtt: { bogus: 1 }\n${ONE_FILE_CAMERA}`, 'mqtt.bogus: unknown key'],
    ['nested deeper', `mqtt: { tls: { pin: x } }\n${ONE_FILE_CAMERA}`, 'mqtt.tls.pin: unknown key'],
    [
      'inside a camera',
      'cameras:\n  - name: a\n    fps: 5\n    source: { url: clip.mp4 }\n',
      'cameras[0].fps: unknown key',
    ],
    [
      'inside a camera source',
      'cameras:\n  - name: a\n    source: { url: clip.mp4, v4l2: { gain: 3 } }\n',
      'cameras[0].source.v4l2.gain: unknown key',
    ],
    [
      'an unknown section, reported once',
      `extra: { a: 1, b: 2 }\n${ONE_FILE_CAMERA}`,
      'extra: unknown key',
    ],
    [
      'camelCase spelling',
      `model: { maxBatch: 2 }\n${ONE_FILE_CAMERA}`,
      'model.maxBatch: unknown key (did you mean "max_batch"?)',
    ],
    ['__proto__', `__proto__: { polluted: 1 }\n${ONE_FILE_CAMERA}`, '__proto__: unknown key'],
  ])('rejects an unknown key: %s', (_case, content, expected) => {
    expect(problemsOf(content).problems).toEqual([expected]);
  });

  it('rejects unknown keys in JSON too', () => {
    const json = JSON.stringify({
      recognition: { window: 16 },
      cameras: [{ name: 'a', source: { url: 'clip.mp4' } }],
    });
    expect(problemsOf(json, 'config.json').problems).toEqual(['recognition.window: unknown key']);
  });
});

describe('value checks quote the bad value', () => {
  it.each([
    ['recognition: { stride: 0 }', 'recognition.stride: must be an integer from 1 to 1024, got 0'],
    ['recognition: { top_k: 21 }', 'recognition.top_k: must be an integer from 1 to 20, got 21'],
    ['model: { max_batch: 65 }', 'model.max_batch: must be an integer from 1 to 64, got 65'],
    ['model: { threads: 1.5 }', 'model.threads: must be an integer from 0 to 1024, got 1.5'],
    [
      'model: { providers: [cpu, gpu] }',
      'model.providers: item 1 "gpu" is not one of "cpu", "webgpu", "cuda", "tensorrt"',
    ],
    ['model: { providers: [] }', 'model.providers: must not be empty'],
    [
      'log: { level: verbose }',
      'log.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", got "verbose"',
    ],
    [
      'mqtt: { url: "http://broker" }',
      'mqtt.url: "http://broker" has scheme "http:"; use mqtt://, mqtts://, ws:// or wss://',
    ],
    ['mqtt: { url: "mqtt//broker" }', 'mqtt.url: "mqtt//broker" is not a valid URL'],
    ['mqtt: { prefix: "a/#" }', 'mqtt.prefix: "a/#" is not a valid topic prefix'],
    [
      'mqtt: { keepalive_s: "soon" }',
      'mqtt.keepalive_s: must be an integer from 0 to 65535, got "soon"',
    ],
    ['mqtt: { tls: { enabled: "yes" } }', 'mqtt.tls.enabled: must be true or false, got "yes"'],
    [
      'ffmpeg: { scale_flags: "bilinear,drawtext" }',
      'ffmpeg.scale_flags: "bilinear,drawtext" is not a list of libswscale flags',
    ],
    ['model: "big.onnx"', 'model: must be a mapping of keys, got "big.onnx"'],
    ['state_dir: { a: 1 }', 'state_dir: must be a string, got {"a":1}'],
  ])('%s', (line, expected) => {
    const { problems } = problemsOf(`${line}\n${ONE_FILE_CAMERA}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('quotes a bad environment value as given', () => {
    const { problems } = problemsOf(ONE_FILE_CAMERA, 'config.yml', {
      ACTIONWATCH_MODEL_MAX_BATCH: 'lots',
    });
    expect(problems).toEqual(['model.max_batch: must be an integer from 1 to 64, got "lots"']);
  });
});

describe('cameras', () => {
  it.each([
    ['rtsp//x', 'cameras[0].source.url: "rtsp//x" is not a valid URL'],
    ['rtsp:/cam/x', 'cameras[0].source.url: "rtsp:/cam/x" is not a valid URL'],
    ['rtsp://', 'cameras[0].source.url: "rtsp://" has no host'],
    [
      'rtmp://cam/live',
      'cameras[0].source.url: "rtmp://cam/live" has an unsupported scheme "rtmp:"',
    ],
    ['missing.mp4', 'cameras[0].source.url: file not found: missing.mp4'],
    [
      'rtsp://viewer:12345/678@cam/live',
      `cameras[0].source.url: "rtsp://viewer:***@cam/live" has an '@' after a '/': a user name or password holding '/' must be percent-encoded (%2F; and '@' in a path as %40), or given as source.username and source.password_file`,
    ],
  ])('rejects the source url %s', (url, expected) => {
    const { problems } = problemsOf(`cameras:\n  - name: a\n    source: { url: "${url}" }\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it.each([
    [
      'a camera without a name',
      'cameras:\n  - source: { url: clip.mp4 }\n',
      'cameras[0].name: is required',
    ],
    [
      'a camera with an empty source',
      'cameras:\n  - name: a\n    source:\n',
      'cameras[0].source.url: is required',
    ],
    ['cameras that are no list', 'cameras: clip.mp4\n', 'cameras: must be a list, got "clip.mp4"'],
  ])('reports %s', (_case, content, expected) => {
    expect(problemsOf(content).problems).toEqual([expected]);
  });

  it('cross-checks the source beside a problem of another of its keys', () => {
    const source = '{ url: /dev/video0, loop: true, v4l2: { framerate: -1 }, input_args: 5 }';
    const { problems } = problemsOf(`cameras:\n  - name: a\n    source: ${source}\n`);
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        'cameras[0].source.loop: applies only to file and http sources, not live v4l2',
        'cameras[0].source.input_args: must be a list of strings, got 5',
        'cameras[0].source.v4l2.framerate: must be a number from 0 to 1000, got -1',
      ]),
    );
  });

  it('rejects a duplicate camera name, ignoring case', () => {
    const { problems } = problemsOf(`cameras:\n${camera('gym')}${camera('GYM')}`);
    expect(problems).toEqual(['cameras[1].name: "GYM" is already used by cameras[0]']);
  });

  it.each([
    ['plus', 'gym+1'],
    ['hash', 'gym#1'],
    ['slash', 'gym/floor'],
    ['space', 'gym floor'],
    ['control character', 'gym\\tfloor'],
    ['empty', ''],
    ['too long', 'x'.repeat(65)],
  ])('rejects a topic-unsafe name (%s)', (_case, name) => {
    const { problems } = problemsOf(`cameras:\n${camera('ok')}${camera(name)}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^cameras\[1\]\.name: /);
    if (name !== '') expect(problems[0]).toContain('is not topic-safe');
  });

  it('rejects camera names the MQTT API uses at its top level, each one listed', () => {
    const rule = 'alerts:\n  - name: detect\n';
    const { problems } = problemsOf(
      `cameras:\n${camera('alerts')}${camera('Bridge')}${camera('events')}${camera('ok')}${rule}`,
    );
    expect(problems).toEqual([
      'cameras[0].name: "alerts" is reserved: <prefix>/alerts is a topic of the MQTT API itself (reserved: alerts, bridge, events)',
      'cameras[1].name: "Bridge" is reserved: <prefix>/bridge is a topic of the MQTT API itself (reserved: alerts, bridge, events)',
      'cameras[2].name: "events" is reserved: <prefix>/events is a topic of the MQTT API itself (reserved: alerts, bridge, events)',
    ]);
  });

  it('explains why a name must be topic-safe', () => {
    const { problems } = problemsOf(`cameras:\n${camera('gym/floor')}`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^cameras\[0\]\.name: "gym\/floor" is not topic-safe: .*MQTT topic level.*\+, #, \//,
      ),
    ]);
  });

  it.each([
    ['no cameras at all', 'cameras: []\n'],
    ['only disabled ones', `cameras:\n${camera('a', '    enabled: false\n')}`],
  ])('needs at least one enabled camera: %s', (_case, content) => {
    expect(problemsOf(content).problems).toEqual([
      'cameras: at least one enabled camera is required',
    ]);
  });

  it.each([
    [
      'realtime on a live source',
      'url: rtsp://cam/x, realtime: true',
      'cameras[0].source.realtime: applies only to file and http sources',
    ],
    [
      'v4l2 options on a file',
      'url: clip.mp4, v4l2: { video_size: 640x480 }',
      'cameras[0].source.v4l2: applies only to v4l2 sources',
    ],
    [
      'a bad video_size',
      'url: /dev/video0, v4l2: { video_size: 640*480 }',
      'cameras[0].source.v4l2.video_size: "640*480" is not a size like 1280x720',
    ],
    [
      'a kind the url contradicts',
      'url: rtsp://cam/x, kind: http',
      'cameras[0].source.kind: url "rtsp://cam/x" does not fit kind "http"',
    ],
    [
      'credentials on a file',
      'url: clip.mp4, username: bob',
      'cameras[0].source.username: credentials apply only to rtsp and http sources',
    ],
    [
      'a password without a user',
      'url: rtsp://cam/x, password: hunter22',
      'cameras[0].source.username: is required with a password',
    ],
    [
      'input_args as a string',
      'url: clip.mp4, input_args: "-re -an"',
      'cameras[0].source.input_args: must be a list of strings, got "-re -an"',
    ],
  ])('cross-checks the source: %s', (_case, source, expected) => {
    const { problems } = problemsOf(`cameras:\n  - name: a\n    source: { ${source} }\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });
});

describe('broker section', () => {
  it.each([
    [
      'tls on a plain mqtt url',
      'mqtt: { tls: { enabled: true } }',
      ['mqtt.tls.enabled: needs an mqtts:// or wss:// url, not mqtt://'],
    ],
    [
      'a missing CA file',
      'mqtt: { url: "mqtts://broker", tls: { enabled: true, ca_file: certs/ca.pem } }',
      [expect.stringMatching(/^mqtt\.tls\.ca_file: file not found: certs\/ca\.pem/)],
    ],
    [
      'a certificate without its key',
      'mqtt: { url: "mqtts://broker", tls: { enabled: true, cert_file: models/mvit_v1_b.onnx } }',
      [
        'mqtt.tls: cert_file and key_file go together: give both or neither',
        'mqtt.tls.cert_file: holds no PEM certificate',
      ],
    ],
    [
      'a missing password file',
      'mqtt: { password_file: secrets/none }',
      [expect.stringMatching(/^mqtt\.password_file: file not found: secrets\/none/)],
    ],
  ])('%s', (_case, line, expected) => {
    expect(problemsOf(`${line}\n${ONE_FILE_CAMERA}`).problems).toEqual(expected);
  });

  it('refuses a password file that is too big or a device', () => {
    workspace.write('secrets/huge', 'x'.repeat(64 * 1024 + 1));
    symlinkSync('/dev/zero', join(workspace.dir, 'secrets/zero'));
    const cameraSource = '{ url: "rtsp://cam/s", username: u, password_file: secrets/zero }';
    const { problems } = problemsOf(
      `mqtt: { password_file: secrets/huge }\ncameras:\n  - name: a\n    source: ${cameraSource}\n`,
    );
    expect(problems).toEqual([
      'mqtt.password_file: secrets/huge is 65537 bytes; the limit is 65536 bytes (64 KiB)',
      'cameras[0].source.password_file: secrets/zero is not a regular file (a character device)',
    ]);
  });

  it('refuses an empty password file', () => {
    workspace.write('secrets/empty', '\n');
    const { problems } = problemsOf(`mqtt: { password_file: secrets/empty }\n${ONE_FILE_CAMERA}`);
    expect(problems).toEqual(['mqtt.password_file: file is empty: secrets/empty']);
  });
});

describe('camera credentials', () => {
  it.each([
    [
      'credentials twice',
      'url: "rtsp://a:b@cam/x", username: viewer',
      'cameras[0].source.url: "rtsp://a:***@cam/x" already holds credentials',
    ],
    [
      'a colon in the user name',
      'url: "rtsp://cam/x", username: "a:b"',
      'cameras[0].source.username: "a:b" must not contain ":"',
    ],
    [
      'a missing password file',
      'url: "rtsp://cam/x", username: viewer, password_file: nope',
      'cameras[0].source.password_file: file not found: nope',
    ],
  ])('%s', (_case, source, expected) => {
    const { problems } = problemsOf(`cameras:\n  - name: a\n    source: { ${source} }\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });
});

describe('model files', () => {
  it('reports a missing model file with the path as written', () => {
    const { problems } = problemsOf(`model: { path: models/missing.onnx }\n${ONE_FILE_CAMERA}`);
    // The card defaults to the model's name, so it is missing too.
    expect(problems).toEqual([
      expect.stringMatching(/^model\.path: file not found: models\/missing\.onnx/),
      expect.stringMatching(/^model\.card: file not found: models\/missing\.card\.json/),
    ]);
  });

  it('reports a missing labels file', () => {
    const { problems } = problemsOf(`model: { labels: kinetics.txt }\n${ONE_FILE_CAMERA}`);
    expect(problems).toEqual([
      expect.stringMatching(/^model\.labels: file not found: kinetics\.txt/),
    ]);
  });

  it('reports an explicit card that is missing', () => {
    const { problems } = problemsOf(`model: { card: cards/mvit.json }\n${ONE_FILE_CAMERA}`);
    expect(problems).toEqual([
      expect.stringMatching(/^model\.card: file not found: cards\/mvit\.json/),
    ]);
  });
});

describe('every problem at once', () => {
  it('reports five different problems in one ConfigError', () => {
    const { problems, message } = problemsOf(`
mqtt:
  url: "ftp://broker"
  colour: blue
model:
  path: models/missing.onnx
  card: models/mvit_v1_b.card.json
recognition:
  top_k: 0
cameras:
${camera('gym/floor')}`);
    // In the order the file reads, whichever check found them.
    expect(problems).toEqual([
      'mqtt.colour: unknown key',
      'mqtt.url: "ftp://broker" has scheme "ftp:"; use mqtt://, mqtts://, ws:// or wss://',
      expect.stringMatching(/^model\.path: file not found: models\/missing\.onnx/),
      'recognition.top_k: must be an integer from 1 to 20, got 0',
      expect.stringMatching(/^cameras\[0\]\.name: "gym\/floor" is not topic-safe/),
    ]);
    expect(message).toContain('invalid configuration (5 problems)');
  });

  it('exports the sysexits code for configuration errors', () => {
    expect(EX_CONFIG).toBe(78);
  });
});

describe('file errors', () => {
  it('reports YAML syntax errors by line and column without quoting the file', () => {
    const { problems } = problemsOf('mqtt:\n  password: hunter22 x: 1\n');
    expect(problems).toEqual([
      'config.yml:2:13: Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('reports JSON syntax errors by line and column', () => {
    const { problems } = problemsOf('{\n  "mqtt": { "password": "hunter22" x }\n}', 'config.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\.json:2:\d+: invalid JSON: /);
    expect(problems[0]).not.toContain('hunter22');
  });

  it.each([
    [
      'config.toml',
      'a = 1',
      'config.toml: unsupported extension ".toml"; use .yml, .yaml or .json',
    ],
    ['config.yml', '- a\n- b\n', 'config.yml: the top level must be a mapping of keys, got a list'],
  ])('rejects %s', (fileName, content, expected) => {
    expect(problemsOf(content, fileName).problems).toEqual([expected]);
  });

  it('refuses an oversized configuration file before parsing it', () => {
    const padding = `# ${'x'.repeat(1022)}\n`.repeat(2048);
    const { problems } = problemsOf(`${ONE_FILE_CAMERA}${padding}`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^config\.yml: the configuration file is \d+ bytes; the limit is 1048576 bytes \(1024 KiB\)$/,
      ),
    ]);
  });

  it('refuses a configuration file that is a link to a device', () => {
    symlinkSync('/dev/zero', join(workspace.dir, 'zero.yml'));
    expect(() => loadConfig({ file: 'zero.yml', env: {}, cwd: workspace.dir })).toThrow(
      'zero.yml: the configuration file is not a regular file (a character device)',
    );
  });

  it('reports a configuration file that is not there', () => {
    expect(() => loadConfig({ file: 'nope.yml', env: {}, cwd: workspace.dir })).toThrow(
      'nope.yml: cannot read the configuration file (ENOENT)',
    );
  });
});

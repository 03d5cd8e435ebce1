import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(fileName: string, content: string, env: NodeJS.ProcessEnv = {}) {
  workspace.write(fileName, content);
  return loadConfig({ file: fileName, env, cwd: workspace.dir });
}

describe('loadConfig defaults', () => {
  it('fills every key the file leaves out with its documented default', () => {
    const config = load('config.yml', ONE_FILE_CAMERA);
    const inWorkspace = (path: string) => join(workspace.dir, path);
    expect(config.mqtt).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      prefix: 'actionwatch',
      clientId: `actionwatch-${hostname()}`,
      username: '',
      password: '',
      tls: { enabled: false, caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true },
      keepaliveS: 30,
      protocolVersion: 4,
    });
    expect(config.model).toEqual({
      path: inWorkspace('models/mvit_v1_b.onnx'),
      card: inWorkspace('models/mvit_v1_b.card.json'),
      labels: inWorkspace('labels.txt'),
      providers: ['cpu'],
      threads: 0,
      maxBatch: 1,
    });
    expect(config.recognition).toEqual({
      stride: 8,
      topK: 5,
      smoothing: { method: 'mean', windows: 3, alpha: 0.5 },
    });
    expect(config.ffmpeg).toEqual({ path: '', scaleFlags: 'bilinear+full_chroma_inp' });
    expect(config.log).toEqual({ level: 'info' });
    expect(config.stateDir).toBe(inWorkspace('state'));
    expect(config.cameras).toEqual([
      {
        name: 'sample',
        enabled: true,
        stallTimeoutMs: 10000,
        source: {
          kind: 'file',
          url: inWorkspace('clip.mp4'),
          realtime: true,
          loop: true,
          v4l2: { inputFormat: '', videoSize: '', framerate: 0 },
          inputArgs: [],
          hwaccel: 'none',
        },
        labels: [],
        head: '',
        modelLabels: true,
        motion: { enabled: true, threshold: 20, minArea: 0.005, holdMs: 5000, masks: [] },
        regions: [],
        wholeFrame: true,
        record: { enabled: false, preCaptureS: 5, postCaptureS: 5, segmentS: 1, mode: 'auto' },
      },
    ]);
    expect(config.clips).toMatchObject({ dir: inWorkspace('state/clips'), maxAgeHours: 168 });
  });

  it('returns a deeply frozen config', () => {
    const config = load('config.yml', ONE_FILE_CAMERA);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.mqtt.tls)).toBe(true);
    expect(Object.isFrozen(config.cameras[0]?.source.inputArgs)).toBe(true);
    expect(() => {
      (config.recognition as { stride: number }).stride = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig file formats', () => {
  const yaml = `
mqtt:
  url: mqtts://broker.example:8883
  client_id: gym-1
  keepalive_s: 15
model:
  providers: [cuda, cpu]
  max_batch: 4
recognition:
  top_k: 3
cameras:
  - name: floor
    stall_timeout_ms: 5000
    source:
      url: rtsp://10.0.0.5/stream
      input_args: [-rtsp_transport, tcp]
      hwaccel: cuda
`;
  const json = JSON.stringify({
    mqtt: { url: 'mqtts://broker.example:8883', client_id: 'gym-1', keepalive_s: 15 },
    model: { providers: ['cuda', 'cpu'], max_batch: 4 },
    recognition: { top_k: 3 },
    cameras: [
      {
        name: 'floor',
        stall_timeout_ms: 5000,
        source: {
          url: 'rtsp://10.0.0.5/stream',
          input_args: ['-rtsp_transport', 'tcp'],
          hwaccel: 'cuda',
        },
      },
    ],
  });

  it.each([
    ['config.yml', yaml],
    ['config.yaml', yaml],
    ['config.json', json],
  ])('reads %s with snake_case keys into the camelCase Config', (fileName, content) => {
    const config = load(fileName, content);
    expect(config.mqtt).toMatchObject({
      url: 'mqtts://broker.example:8883',
      clientId: 'gym-1',
      keepaliveS: 15,
    });
    expect(config.model).toMatchObject({ providers: ['cuda', 'cpu'], maxBatch: 4 });
    expect(config.recognition.topK).toBe(3);
    expect(config.cameras[0]).toMatchObject({
      name: 'floor',
      stallTimeoutMs: 5000,
      source: {
        kind: 'rtsp',
        url: 'rtsp://10.0.0.5/stream',
        realtime: false,
        loop: false,
        inputArgs: ['-rtsp_transport', 'tcp'],
        hwaccel: 'cuda',
      },
    });
  });

  it('takes the file from ACTIONWATCH_CONFIG when no file is given', () => {
    workspace.write('from-env.yml', `recognition: { stride: 3 }\n${ONE_FILE_CAMERA}`);
    const config = loadConfig({ env: { ACTIONWATCH_CONFIG: 'from-env.yml' }, cwd: workspace.dir });
    expect(config.recognition.stride).toBe(3);
  });

  it('reads model.providers given as one comma-separated string, like its variable', () => {
    const config = load('config.yml', `model: { providers: "cuda, cpu" }\n${ONE_FILE_CAMERA}`);
    expect(config.model.providers).toEqual(['cuda', 'cpu']);
  });

  it('treats an empty YAML section as all defaults', () => {
    const config = load('config.yml', `mqtt:\nmodel:\n${ONE_FILE_CAMERA}`);
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
  });
});

describe('loadConfig environment overrides', () => {
  it.each([
    ['ACTIONWATCH_MQTT_URL', 'ws://10.1.1.1:9001', (c: Cfg) => c.mqtt.url],
    ['ACTIONWATCH_MQTT_USERNAME', 'daemon', (c: Cfg) => c.mqtt.username],
    ['ACTIONWATCH_MQTT_PASSWORD', 'from-env', (c: Cfg) => c.mqtt.password],
    ['ACTIONWATCH_MQTT_PREFIX', 'site1/aw', (c: Cfg) => c.mqtt.prefix],
    ['ACTIONWATCH_MQTT_KEEPALIVE_S', '45', (c: Cfg) => c.mqtt.keepaliveS],
    ['ACTIONWATCH_MODEL_PATH', 'other.onnx', (c: Cfg) => c.model.path],
    ['ACTIONWATCH_MODEL_PROVIDERS', 'webgpu, cpu', (c: Cfg) => c.model.providers],
    ['ACTIONWATCH_RECOGNITION_STRIDE', '4', (c: Cfg) => c.recognition.stride],
    ['ACTIONWATCH_LOG_LEVEL', 'debug', (c: Cfg) => c.log.level],
    ['ACTIONWATCH_STATE_DIR', '/var/lib/actionwatch', (c: Cfg) => c.stateDir],
    [
      'ACTIONWATCH_MQTT_TLS_REJECT_UNAUTHORIZED',
      'false',
      (c: Cfg) => c.mqtt.tls.rejectUnauthorized,
    ],
  ])('%s=%s wins over the file', (name, value, read) => {
    workspace.write('other.onnx', '');
    workspace.write('other.card.json', '');
    const file = `mqtt: { url: mqtt://file-broker, prefix: from-file, password: from-file }
model: { path: models/mvit_v1_b.onnx }
recognition: { stride: 16 }
log: { level: warn }
${ONE_FILE_CAMERA}`;
    const expected = {
      ACTIONWATCH_MQTT_URL: 'ws://10.1.1.1:9001',
      ACTIONWATCH_MQTT_USERNAME: 'daemon',
      ACTIONWATCH_MQTT_PASSWORD: 'from-env',
      ACTIONWATCH_MQTT_PREFIX: 'site1/aw',
      ACTIONWATCH_MQTT_KEEPALIVE_S: 45,
      ACTIONWATCH_MODEL_PATH: join(workspace.dir, 'other.onnx'),
      ACTIONWATCH_MODEL_PROVIDERS: ['webgpu', 'cpu'],
      ACTIONWATCH_RECOGNITION_STRIDE: 4,
      ACTIONWATCH_LOG_LEVEL: 'debug',
      ACTIONWATCH_STATE_DIR: '/var/lib/actionwatch',
      ACTIONWATCH_MQTT_TLS_REJECT_UNAUTHORIZED: false,
    }[name];
    expect(read(load('config.yml', file, { [name]: value }))).toEqual(expected);
  });
});

type Cfg = ReturnType<typeof loadConfig>;

describe('loadConfig secrets and sources', () => {
  it('reads mqtt.password_file without its trailing newline', () => {
    workspace.write('secrets/mqtt', 'broker-secret\n');
    const config = load('config.yml', `mqtt: { password_file: secrets/mqtt }\n${ONE_FILE_CAMERA}`);
    expect(config.mqtt.password).toBe('broker-secret');
  });

  it('prefers ACTIONWATCH_MQTT_PASSWORD over mqtt.password_file', () => {
    workspace.write('secrets/mqtt', 'from-file\n');
    const config = load('config.yml', `mqtt: { password_file: secrets/mqtt }\n${ONE_FILE_CAMERA}`, {
      ACTIONWATCH_MQTT_PASSWORD: 'from-env',
    });
    expect(config.mqtt.password).toBe('from-env');
  });

  it('puts camera credentials from password_file into the url, percent-encoded', () => {
    workspace.write('secrets/cam', 'p@ss:w/rd\n');
    const config = load(
      'config.yml',
      `cameras:
  - name: door
    source:
      url: rtsp://cam.local:554/live
      username: "view er"
      password_file: secrets/cam
`,
    );
    expect(config.cameras[0]?.source.url).toBe(
      'rtsp://view%20er:p%40ss%3Aw%2Frd@cam.local:554/live',
    );
  });

  it.each([
    ['rtsps://cam/x', 'rtsp'],
    ['https://cam/mjpeg', 'http'],
    ['/dev/video2', 'v4l2'],
    ['clip.mp4', 'file'],
  ])('infers the kind of %s as %s', (url, kind) => {
    const config = load('config.yml', `cameras:\n  - name: c\n    source: { url: "${url}" }\n`);
    expect(config.cameras[0]?.source.kind).toBe(kind);
  });

  it('turns a file:// url into an absolute path and keeps a disabled camera unchecked on disk', () => {
    const clip = join(workspace.dir, 'clip.mp4');
    const config = load(
      'config.yml',
      `cameras:
  - name: a
    source: { url: "file://${clip}", realtime: false }
  - name: b
    enabled: false
    source: { url: not-recorded-yet.mp4 }
`,
    );
    expect(config.cameras.map((camera) => camera.source.url)).toEqual([
      clip,
      join(workspace.dir, 'not-recorded-yet.mp4'),
    ]);
    expect(config.cameras[0]?.source).toMatchObject({ realtime: false, loop: true });
  });

  it('accepts a stable /dev/v4l/by-id name when kind says v4l2', () => {
    const config = load(
      'config.yml',
      `cameras:
  - name: usb
    source:
      url: /dev/v4l/by-id/usb-cam-video-index0
      kind: v4l2
      v4l2: { input_format: mjpeg, video_size: 640x480, framerate: 7.5 }
`,
    );
    expect(config.cameras[0]?.source.v4l2).toEqual({
      inputFormat: 'mjpeg',
      videoSize: '640x480',
      framerate: 7.5,
    });
  });
});

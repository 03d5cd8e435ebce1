import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(content: string, env: NodeJS.ProcessEnv = {}) {
  workspace.write('config.yml', content);
  return loadConfig({ file: 'config.yml', env, cwd: workspace.dir });
}

function errorText(content: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    load(content, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    return [configError.message, ...configError.problems].join('\n');
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

const MQTT_SECRET = 'mqtt-S3cret!';
const CAMERA_SECRET = 'cam-Pa55:word@1';

describe('secrets never reach describeConfig', () => {
  it('hides passwords from password_file, the environment and camera urls', () => {
    workspace.write('secrets/mqtt', `${MQTT_SECRET}\n`);
    workspace.write('secrets/cam', `${CAMERA_SECRET}\n`);
    const config = load(`
mqtt: { username: aw, password_file: secrets/mqtt }
cameras:
  - name: door
    source: { url: "rtsp://cam.local/live?token=abc123", username: viewer, password_file: secrets/cam }
`);
    expect(config.mqtt.password).toBe(MQTT_SECRET);
    expect(config.cameras[0]?.source.url).toContain(encodeURIComponent(CAMERA_SECRET));

    const described = describeConfig(config);
    const text = JSON.stringify(described);
    for (const secret of [
      MQTT_SECRET,
      CAMERA_SECRET,
      encodeURIComponent(CAMERA_SECRET),
      'abc123',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(described).toMatchObject({
      mqtt: { username: 'aw', password: '***' },
      cameras: [{ source: { url: 'rtsp://viewer:***@cam.local/live?token=***' } }],
    });
  });

  it('shows an unset password as empty, so "no password" stays visible', () => {
    expect(describeConfig(load(ONE_FILE_CAMERA))).toMatchObject({ mqtt: { password: '' } });
  });
});

describe('secrets never reach error text', () => {
  it('does not quote a password that has the wrong type or sits beside other problems', () => {
    const text = errorText(`
mqtt: { password: ${JSON.stringify(MQTT_SECRET)}, password_file: secrets/none }
cameras:
  - name: door
    source: { url: "rtsp://cam/x", username: viewer, password: ${JSON.stringify(CAMERA_SECRET)}, password_file: x }
`);
    expect(text).toContain('mqtt.password_file: give either password or password_file, not both');
    expect(text).toContain(
      'cameras[0].source.password_file: give either password or password_file, not both',
    );
    expect(text).not.toContain(MQTT_SECRET);
    expect(text).not.toContain(CAMERA_SECRET);
  });

  it('does not quote a sensitive value of the wrong type', () => {
    const text = errorText(
      `mqtt: { password: [${JSON.stringify(MQTT_SECRET)}] }\n${ONE_FILE_CAMERA}`,
    );
    expect(text).toContain('mqtt.password: must be a string, got a list');
    expect(text).not.toContain(MQTT_SECRET);
  });

  it('scrubs a password read from a file even where a message would echo it', () => {
    workspace.write('secrets/mqtt', `${MQTT_SECRET}\n`);
    // Pasted into the wrong key by mistake: the message quotes the value, the scrub hides it.
    const text = errorText(`
mqtt: { password_file: secrets/mqtt }
log: { level: ${JSON.stringify(MQTT_SECRET)} }
${ONE_FILE_CAMERA}`);
    expect(text).toContain(
      'log.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", got "***"',
    );
    expect(text).not.toContain(MQTT_SECRET);
  });

  it.each([
    [
      'a url without host',
      'rtsp://admin:hunter22@/live',
      'cameras[0].source.url: "rtsp://admin:***@/live"',
    ],
    [
      'a malformed port',
      'rtsp://admin:hunter22@cam:port/live',
      'cameras[0].source.url: "rtsp://admin:***@cam:port/live" is not a valid URL',
    ],
    [
      'an unsupported scheme',
      'rtmp://admin:hunter22@cam/live',
      'cameras[0].source.url: "rtmp://admin:***@cam/live" has an unsupported scheme',
    ],
    [
      'a password with spaces',
      'rtsp://admin:hunter22 and more@cam/live',
      'cameras[0].source.url: "rtsp://admin:***@cam/live"',
    ],
  ])('redacts credentials in a bad camera url: %s', (_case, url, expected) => {
    const text = errorText(`cameras:\n  - name: a\n    source: { url: ${JSON.stringify(url)} }\n`);
    expect(text).toContain(expected);
    expect(text).not.toContain('hunter22');
  });

  it('redacts credentials in the broker url, from the file or the environment', () => {
    const fromFile = errorText(`mqtt: { url: "mqtt://aw:hunter22@broker" }\n${ONE_FILE_CAMERA}`);
    expect(fromFile).toContain('mqtt.url: "mqtt://aw:***@broker" holds credentials');
    const fromEnv = errorText(ONE_FILE_CAMERA, {
      ACTIONWATCH_MQTT_URL: 'ftp://aw:hunter22@broker',
    });
    expect(fromEnv).toContain('mqtt.url: "ftp://aw:***@broker" has scheme "ftp:"');
    expect(`${fromFile}\n${fromEnv}`).not.toContain('hunter22');
  });
});

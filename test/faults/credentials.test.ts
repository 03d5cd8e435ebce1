import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonProcess } from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';
import { freePort } from '../helpers/ports.js';
import { type RtspServer, startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { cameraStatus, startFaultDaemon, tearDown, waitUntilOnline } from './support.js';

const MQTT_SECRET = 'mqtt-Pa55-w0rd!x9';
const CAMERA_SECRET = 'cam-S3cret~pass7';
const WRONG_SECRET = 'wrong-Pa55word42';
const URL_TOKEN = 'tok3n-in-the-url-81';
const HTTP_TOKEN = 'http-b3arer-t0ken-55';
const SECRETS = [MQTT_SECRET, CAMERA_SECRET, WRONG_SECRET, URL_TOKEN, HTTP_TOKEN];

/** Every form a secret could take on its way out: as is, percent-encoded, in basic auth. */
function forms(): string[] {
  return [
    ...SECRETS,
    ...SECRETS.map(encodeURIComponent),
    Buffer.from(`viewer:${CAMERA_SECRET}`).toString('base64'),
    Buffer.from(`viewer:${WRONG_SECRET}`).toString('base64'),
    Buffer.from(`aw:${MQTT_SECRET}`).toString('base64'),
  ];
}

describe('faults: credentials never leave the daemon', () => {
  let broker: Mosquitto;
  let camera: RtspServer;
  let capture: MqttCapture;
  let daemon: DaemonProcess;
  let httpPort: number;

  beforeAll(async () => {
    broker = await startMosquitto({ password: { username: 'aw', password: MQTT_SECRET } });
    camera = await startRtspServer({
      path: 'cam',
      auth: { user: 'viewer', password: CAMERA_SECRET },
    });
    capture = await captureMqtt(broker.url, '#', { username: 'aw', password: MQTT_SECRET });
    const wrong = camera.url.replace(encodeURIComponent(CAMERA_SECRET), WRONG_SECRET);
    const config = {
      mqtt: { url: broker.url, prefix: 'fc', username: 'aw' },
      log: { level: 'debug' },
      cameras: [
        // Credentials in the RTSP URLs themselves, as many users write them.
        { name: 'door', source: { url: camera.url } },
        { name: 'wrong_password', source: { url: wrong } },
        {
          name: 'token_in_url',
          source: { url: `rtsp://127.0.0.1:${await freePort()}/cam?token=${URL_TOKEN}` },
        },
      ],
    };
    ({ daemon, httpPort } = await startFaultDaemon(config, {
      ACTIONWATCH_MQTT_PASSWORD: MQTT_SECRET,
      ACTIONWATCH_HTTP_TOKEN: HTTP_TOKEN,
    }));
  });

  afterAll(async () => {
    await tearDown(daemon, capture, camera, broker);
  });

  it('in no log line, MQTT payload or HTTP response, on success or failure', async () => {
    const get = async (path: string, token: string | null = HTTP_TOKEN) => {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      const response = await fetch(`http://127.0.0.1:${httpPort}${path}`, { headers });
      return `${response.status} ${[...response.headers].join(' ')} ${await response.text()}`;
    };
    await waitUntilOnline(daemon, httpPort, 'door', HTTP_TOKEN);
    for (const name of ['wrong_password', 'token_in_url']) {
      await waitFor(async () => (await cameraStatus(httpPort, name, HTTP_TOKEN)).restarts >= 1, {
        timeoutMs: 20_000,
        what: `${name} failing and retried`,
      });
    }
    await waitFor(() => capture.messages.some((m) => m.topic === 'fc/door/action'), {
      timeoutMs: 20_000,
      what: 'an action message',
    });
    const responses = await Promise.all([
      get('/healthz'),
      get('/readyz'),
      get('/metrics'),
      get('/api/cameras'),
      get('/api/cameras', null),
      get('/api/cameras', WRONG_SECRET),
    ]);
    const payloads = capture.messages.map((m) => `${m.topic} ${m.payload.toString('latin1')}`);
    const running = daemon.output();
    const stopped = await daemon.stop();
    expect(stopped.code).toBe(0);
    const log = daemon.output();

    // The failures were logged, with ffmpeg's stderr and redacted URLs: the paths that leak.
    expect(log).toContain('rtsp://***@127.0.0.1');
    expect(log).toMatch(/token=\*\*\*/);
    expect(log).toMatch(/401 Unauthorized|Unauthorized/);
    for (const secret of forms()) {
      expect(log.includes(secret), `log holds ${secret}`).toBe(false);
      expect(running.includes(secret), `log holds ${secret}`).toBe(false);
      for (const payload of payloads)
        expect(payload.includes(secret), `MQTT: ${payload}`).toBe(false);
      for (const response of responses)
        expect(response.includes(secret), `HTTP: ${response}`).toBe(false);
    }
    expect(payloads.length).toBeGreaterThan(3);
    expect(responses[3]).toContain('rtsp://viewer:***@127.0.0.1');
    expect(await cameraStatus(httpPort, 'door').catch((err: Error) => err.message)).toMatch(
      /fetch failed|ECONNREFUSED/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DaemonProcess, processesMatching } from '../helpers/daemonProcess.js';
import { type RtspServer, startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  cameraStatus,
  logLines,
  noBroker,
  sleep,
  startFaultDaemon,
  tearDown,
  waitUntilOnline,
} from './support.js';

describe('faults: the RTSP camera is killed, then comes back', () => {
  let camera: RtspServer;
  let daemon: DaemonProcess;
  let httpPort: number;

  beforeAll(async () => {
    camera = await startRtspServer({ path: 'cam' });
    ({ daemon, httpPort } = await startFaultDaemon({
      mqtt: await noBroker('fr'),
      cameras: [{ name: 'yard', stall_timeout_ms: 5000, source: { url: camera.url } }],
    }));
  });

  afterAll(async () => {
    await tearDown(daemon, camera);
  });

  it('streams again within the pending backoff + 5 s of the server being back', async () => {
    const status = () => cameraStatus(httpPort, 'yard');
    await waitUntilOnline(daemon, httpPort, 'yard');
    const [server] = await processesMatching(`rtsp_server.py --port ${camera.port}`);
    expect(server).toBeDefined();
    process.kill(server as number, 'SIGKILL');
    const killedAtMs = Date.now();
    await waitFor(async () => (await status()).state === 'reconnecting', {
      timeoutMs: 15_000,
      what: 'the camera reconnecting',
    });
    await sleep(3_000);
    const framesBefore = (await status()).frames_in;
    await camera.restart();
    const backAtMs = Date.now();
    await waitFor(
      async () => {
        const now = await status();
        return now.state === 'online' && now.frames_in > framesBefore;
      },
      { timeoutMs: 45_000, intervalMs: 100, what: 'frames again after the restart' },
    );
    const streamingInMs = Date.now() - backAtMs;
    const failures = logLines(daemon, 'ffmpeg failed; restarting after backoff');
    const backoffMs = Math.max(...failures.map((line) => Number(line.retryInMs)));
    console.info(
      `RTSP server killed ${backAtMs - killedAtMs} ms; ${failures.length} failed runs, ` +
        `longest backoff ${backoffMs} ms; frames again ${streamingInMs} ms after the server was back`,
    );
    expect(streamingInMs).toBeLessThanOrEqual(backoffMs + 5_000);
    // Each failure says why, in ffmpeg's words or the stall watchdog's.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const line of failures) expect(String(line.reason)).toMatch(/^(ffmpeg |stalled: )/);
  });
});

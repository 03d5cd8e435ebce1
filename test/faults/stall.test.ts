import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DaemonProcess, processesMatching } from '../helpers/daemonProcess.js';
import { stillRunning } from '../helpers/procScan.js';
import { type RtspServer, startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  cameraStatus,
  childProcesses,
  logLines,
  noBroker,
  startFaultDaemon,
  tearDown,
  waitUntilOnline,
} from './support.js';

const STALL_TIMEOUT_MS = 6_000;

/**
 * A camera that stops sending without closing the connection: its server is frozen with
 * SIGSTOP, so the TCP connection stays up and silent, as with a hung camera.
 */
describe('faults: the RTSP stream stalls without closing the connection', () => {
  let camera: RtspServer;
  let serverPid: number;
  let daemon: DaemonProcess;
  let httpPort: number;

  beforeAll(async () => {
    camera = await startRtspServer({ path: 'cam' });
    serverPid = (await processesMatching(`rtsp_server.py --port ${camera.port}`))[0] as number;
    ({ daemon, httpPort } = await startFaultDaemon({
      mqtt: await noBroker('fs'),
      cameras: [{ name: 'dock', stall_timeout_ms: STALL_TIMEOUT_MS, source: { url: camera.url } }],
    }));
  });

  afterAll(async () => {
    if (serverPid !== undefined) process.kill(serverPid, 'SIGCONT');
    await tearDown(daemon, camera);
  });

  it('restarts ffmpeg within the stall timeout + 2 s', async () => {
    const status = () => cameraStatus(httpPort, 'dock');
    await waitUntilOnline(daemon, httpPort, 'dock');
    const daemonPid = daemon.child.pid as number;
    const [stalled] = await childProcesses(daemonPid, 'ffmpeg');
    expect(stalled).toBeDefined();
    process.kill(serverPid, 'SIGSTOP');
    const stalledAtMs = Date.now();
    const fresh = await waitFor(
      async () => (await childProcesses(daemonPid, 'ffmpeg')).find((pid) => pid !== stalled),
      { timeoutMs: STALL_TIMEOUT_MS + 5_000, intervalMs: 50, what: 'a new ffmpeg' },
    );
    // Timed by the daemon's own clock: from the last frame (frames in flight still arrive for
    // a moment after the server froze) to the start of the new run.
    const now = await status();
    const lastFrameAtMs = Date.parse(String(now.last_frame_at));
    const restartedInMs = Date.parse(String(now.run_started_at)) - lastFrameAtMs;
    const [failure] = logLines(daemon, 'ffmpeg failed; restarting after backoff');
    console.info(
      `stream frozen: last frame ${lastFrameAtMs - stalledAtMs} ms after SIGSTOP; ffmpeg ${stalled} ` +
        `replaced by ${fresh} ${restartedInMs} ms after the last frame (stall timeout ` +
        `${STALL_TIMEOUT_MS} ms; reason: ${failure?.reason}; backoff ${failure?.retryInMs} ms)`,
    );
    expect(restartedInMs).toBeLessThanOrEqual(STALL_TIMEOUT_MS + 2_000);
    expect(await stillRunning([stalled as number])).toEqual([]);
    expect((await status()).stalls + (await status()).restarts).toBeGreaterThanOrEqual(1);
  });

  it('leaves no ffmpeg behind when the daemon is SIGKILLed while the camera hangs', async () => {
    // The new ffmpeg waits on the frozen server and writes nothing, so no SIGPIPE would end
    // it: only the parent-death signal (or systemd's cgroup kill) does.
    const ffmpeg = await childProcesses(daemon.child.pid as number, 'ffmpeg');
    expect(ffmpeg).toHaveLength(1);
    daemon.child.kill('SIGKILL');
    const killedAtMs = Date.now();
    await waitFor(async () => (await stillRunning(ffmpeg)).length === 0, {
      timeoutMs: 1_000,
      intervalMs: 20,
      what: 'the hanging ffmpeg to die with the daemon',
    });
    console.info(`daemon SIGKILLed: its hanging ffmpeg gone after ${Date.now() - killedAtMs} ms`);
  });
});

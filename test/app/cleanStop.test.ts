import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateDirHolder } from '../../src/outputs/mqtt/stateLock.js';
import { startFaultDaemon, tearDown, waitUntilOnline } from '../faults/support.js';
import { clipsDir, type DaemonProcess } from '../helpers/daemonProcess.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { captureMqtt, type MqttCapture } from '../helpers/mqttCapture.js';

/**
 * How the real daemon ends, by signal: what stays retained for its camera and bridge, what
 * it exits with, and whether the next daemon can have its state folder.
 */
describe('daemon stopping on a signal', () => {
  let broker: Mosquitto;
  const captures: MqttCapture[] = [];
  const daemons: DaemonProcess[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterAll(async () => {
    for (const capture of captures) await capture.close();
    await tearDown(...daemons, broker);
  });

  /** A daemon with one looping file camera, online, and a capture of its prefix. */
  async function runningDaemon(prefix: string) {
    const capture = await captureMqtt(broker.url, `${prefix}/#`);
    captures.push(capture);
    const started = await startFaultDaemon({
      mqtt: { url: broker.url, prefix },
      cameras: [
        {
          name: 'cam',
          source: { url: path.join(clipsDir, 'arm_wrestling.mp4'), realtime: true, loop: true },
        },
      ],
    });
    daemons.push(started.daemon);
    await waitUntilOnline(started.daemon, started.httpPort, 'cam');
    const stateDir = path.join(path.dirname(started.configFile), 'state');
    return { ...started, capture, stateDir };
  }

  /** Availability payloads of `cam` published after it was last online. */
  function availabilityAfterOnline(capture: MqttCapture, prefix: string): unknown[] {
    const payloads: unknown[] = capture.messages
      .filter((m) => m.topic === `${prefix}/cam/availability`)
      .map((m) => m.json());
    const states = payloads.map((p) => (p as { state?: unknown }).state);
    return payloads.slice(states.lastIndexOf('online') + 1);
  }

  async function retained(topic: string): Promise<unknown> {
    const fresh = await captureMqtt(broker.url, topic);
    captures.push(fresh);
    return (await fresh.waitForMessage(() => true, 5_000)).json();
  }

  it('SIGTERM: the camera goes offline once, with reason stopped, and that stays retained', async () => {
    const { daemon, capture } = await runningDaemon('stopterm');
    const result = await daemon.stop();
    expect(result.code, daemon.output()).toBe(0);
    expect(availabilityAfterOnline(capture, 'stopterm')).toEqual([
      { state: 'offline', reason: 'stopped' },
    ]);
    expect(await retained('stopterm/cam/availability')).toEqual({
      state: 'offline',
      reason: 'stopped',
    });
  });

  it('SIGHUP: a clean stop (offline published, state folder unlocked) with exit status 75', async () => {
    const { daemon, capture, stateDir } = await runningDaemon('stophup');
    const exited = new Promise<number | null>((resolve) =>
      daemon.child.once('exit', (code) => resolve(code)),
    );
    daemon.child.kill('SIGHUP');
    expect(await exited, daemon.output()).toBe(75);
    expect(availabilityAfterOnline(capture, 'stophup')).toEqual([
      { state: 'offline', reason: 'stopped' },
    ]);
    expect(await retained('stophup/bridge/state')).toEqual({ state: 'offline' });
    expect(stateDirHolder(stateDir)).toBeNull();
  });
});

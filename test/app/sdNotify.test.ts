import { afterEach, describe, expect, it } from 'vitest';
import {
  type NotifyFields,
  openSdNotifier,
  Watchdog,
  watchdogIntervalMs,
} from '../../src/app/index.js';
import type { HealthReport } from '../../src/outputs/http/index.js';
import { captureLog } from '../outputs/mqtt/support.js';
import { type NotifyListener, startNotifyListener } from './sdNotifyListener.js';

const listeners: NotifyListener[] = [];
const watchdogs: Watchdog[] = [];

afterEach(async () => {
  for (const watchdog of watchdogs.splice(0)) watchdog.stop();
  for (const listener of listeners.splice(0)) await listener.stop();
});

async function listener(): Promise<NotifyListener> {
  const started = await startNotifyListener();
  listeners.push(started);
  return started;
}

const healthy: HealthReport = {
  live: true,
  ready: true,
  problems: [],
  faults: [],
  waitingFor: [],
};
const hung: HealthReport = {
  live: false,
  ready: false,
  problems: ['inference running for 70000 ms (limit 60000 ms)'],
  faults: [],
  waitingFor: [],
};

describe('sd_notify over a real unix datagram socket', () => {
  it('sends each message as one datagram, in order, and hides NOTIFY_SOCKET from children', async () => {
    const socket = await listener();
    const env: NodeJS.ProcessEnv = { NOTIFY_SOCKET: socket.socketPath };
    const notifier = openSdNotifier({ env, logger: captureLog().logger });
    expect(notifier.enabled).toBe(true);
    expect(env.NOTIFY_SOCKET).toBeUndefined();
    await notifier.notify({ READY: '1', STATUS: '2/2 cameras\nstreaming' });
    await notifier.notify({ STOPPING: '1' });
    expect(socket.messages().map((m) => m.text)).toEqual([
      'READY=1\nSTATUS=2/2 cameras streaming',
      'STOPPING=1',
    ]);
    // systemd-notify claims our pid where it may (as root, here); unprivileged it sends its
    // own, which is why the unit says NotifyAccess=all.
    expect(socket.messages()[0]?.pid).toEqual(expect.any(Number));
  });

  it('is a silent no-op without NOTIFY_SOCKET', async () => {
    const log = captureLog();
    const notifier = openSdNotifier({ env: {}, logger: log.logger });
    expect(notifier.enabled).toBe(false);
    await notifier.notify({ READY: '1' });
    expect(log.text()).toBe('');
  });

  it('says so when systemd-notify fails, once', async () => {
    const log = captureLog();
    const notifier = openSdNotifier({
      env: { NOTIFY_SOCKET: '/nonexistent/notify.sock' },
      logger: log.logger,
    });
    await notifier.notify({ WATCHDOG: '1' });
    await notifier.notify({ WATCHDOG: '1' });
    expect(log.linesWithMsg('systemd-notify failed')).toEqual([
      expect.objectContaining({ message: ['WATCHDOG'] }),
    ]);
  });
});

describe('Watchdog', () => {
  it('pings WATCHDOG=1 at half of WATCHDOG_USEC only while healthy, with STATUS when it changes', async () => {
    const socket = await listener();
    const env: NodeJS.ProcessEnv = {
      NOTIFY_SOCKET: socket.socketPath,
      WATCHDOG_USEC: '400000',
      WATCHDOG_PID: String(process.pid),
    };
    const log = captureLog();
    const notifier = openSdNotifier({ env, logger: log.logger });
    let health = healthy;
    const watchdog = new Watchdog({
      notifier,
      env,
      health: () => health,
      status: () => '1/1 cameras streaming',
      logger: log.logger,
    });
    watchdogs.push(watchdog);
    expect(watchdog.intervalMs).toBe(200);
    expect(env.WATCHDOG_USEC).toBeUndefined();
    watchdog.start();
    await waitMs(1_100);
    const healthyPings = pings(socket);
    expect(healthyPings).toBeGreaterThanOrEqual(4);
    expect(socket.messages()[0]?.text).toBe('WATCHDOG=1\nSTATUS=1/1 cameras streaming');

    health = hung;
    await waitMs(300); // a tick in flight may still land
    const atHang = pings(socket);
    await waitMs(1_000);
    expect(pings(socket)).toBe(atHang);
    expect(socket.messages().at(-1)?.text).toBe(
      'STATUS=unhealthy: inference running for 70000 ms (limit 60000 ms)',
    );
    expect(log.linesWithMsg('unhealthy; watchdog pings withheld')).toHaveLength(1);

    health = healthy;
    await waitMs(700);
    expect(pings(socket)).toBeGreaterThan(atHang);
    expect(log.linesWithMsg('healthy again; watchdog pings resumed')).toHaveLength(1);
  });

  it('keeps pinging through a fault a restart would not cure (a full disk), and reports it', () => {
    const sent: NotifyFields[] = [];
    const diskFull: HealthReport = {
      live: false,
      ready: false,
      problems: [],
      faults: [
        'outbox cannot write its journal (disk full?): events and alerts are in memory only',
      ],
      waitingFor: [],
    };
    const log = captureLog();
    const watchdog = new Watchdog({
      notifier: { enabled: true, notify: async (fields) => void sent.push(fields) },
      env: { WATCHDOG_USEC: '2000000' },
      health: () => diskFull,
      status: () => '1/1 cameras streaming',
      logger: log.logger,
    });
    watchdog.tick();
    expect(sent).toEqual([
      {
        WATCHDOG: '1',
        STATUS:
          'unhealthy: outbox cannot write its journal (disk full?): events and alerts are in memory only',
      },
    ]);
    expect(log.linesWithMsg('unhealthy; watchdog pings withheld')).toHaveLength(0);
  });

  it('ignores a watchdog meant for another process, or none', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '1' }, 4242)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 4242)).toBe(15_000);
    expect(watchdogIntervalMs({}, 4242)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: 'soon' }, 4242)).toBeNull();
  });
});

function pings(socket: NotifyListener): number {
  return socket.messages().filter((m) => m.text.split('\n').includes('WATCHDOG=1')).length;
}

function waitMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

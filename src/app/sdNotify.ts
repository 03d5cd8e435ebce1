import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { type Clock, systemClock } from '../core/index.js';
import type { Logger } from '../log/index.js';

/**
 * systemd's notify protocol (sd_notify(3)): READY=1 once started, WATCHDOG=1 pings, STATUS=
 * lines for `systemctl status`, STOPPING=1 on the way out — datagrams on the unix socket
 * named by $NOTIFY_SOCKET.
 *
 * Node cannot send unix datagrams, so each message is handed to systemd-notify(1), which
 * ships with systemd itself (wherever Type=notify means anything, it is there). Since
 * systemd 246 it waits, through a BARRIER=1 round trip, until the manager has processed the
 * message, so the message is attributed to our service even though it comes from a
 * short-lived child; the unit needs NotifyAccess=all for a child's messages to count.
 * Considered and rejected: a native addon (a compiler and node headers on every install),
 * and a long-lived python3 helper (an extra runtime dependency systemd-notify avoids).
 */

export type NotifyFields = Readonly<Record<string, string>>;

export interface SdNotifier {
  /** False when no service manager listens ($NOTIFY_SOCKET unset): every call is a no-op. */
  readonly enabled: boolean;
  /** Sends one message; messages go out one at a time, in call order. Never rejects. */
  notify(fields: NotifyFields): Promise<void>;
}

export interface SdNotifierOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** systemd-notify's path; found in the usual places when not given. */
  notifyCommand?: string;
  /** Bounds each systemd-notify run; the system clock unless given. */
  clock?: Clock;
}

const NOTIFY_COMMANDS = ['/usr/bin/systemd-notify', '/bin/systemd-notify'];
/** systemd-notify's own barrier timeout is 5 s; past this something is badly wrong. */
const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * A notifier for $NOTIFY_SOCKET. Like sd_notify's unset_environment, it removes
 * NOTIFY_SOCKET from `env` so that children (ffmpeg) cannot talk to systemd in our name.
 */
export function openSdNotifier(options: SdNotifierOptions): SdNotifier {
  const socket = options.env.NOTIFY_SOCKET;
  delete options.env.NOTIFY_SOCKET;
  if (socket === undefined || socket === '') return { enabled: false, notify: async () => {} };
  const log = options.logger.child({ module: 'sd_notify' });
  const command = options.notifyCommand ?? NOTIFY_COMMANDS.find(isExecutable);
  if (command === undefined) {
    log.error(
      { looked: NOTIFY_COMMANDS },
      'NOTIFY_SOCKET is set but systemd-notify is missing: systemd will not see the daemon start',
    );
    return { enabled: false, notify: async () => {} };
  }
  const spawn = options.spawn ?? nodeSpawn;
  return new SystemdNotify(command, socket, log, spawn, options.clock ?? systemClock);
}

class SystemdNotify implements SdNotifier {
  readonly enabled = true;
  private queue: Promise<void> = Promise.resolve();
  private lastError = '';

  constructor(
    private readonly command: string,
    private readonly socket: string,
    private readonly log: Logger,
    private readonly spawn: NonNullable<SdNotifierOptions['spawn']>,
    private readonly clock: Clock,
  ) {}

  notify(fields: NotifyFields): Promise<void> {
    const args = Object.entries(fields).map(([key, value]) => `${key}=${oneLine(value)}`);
    this.queue = this.queue.then(() => this.send(args));
    return this.queue;
  }

  private send(args: string[]): Promise<void> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = this.spawn(this.command, args, {
          env: { NOTIFY_SOCKET: this.socket },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
      } catch (err) {
        this.failed(err instanceof Error ? err.message : String(err), args);
        resolve();
        return;
      }
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-500);
      });
      const timer = this.clock.setTimeout(() => child.kill('SIGKILL'), NOTIFY_TIMEOUT_MS);
      child.once('error', (err) => this.failed(err.message, args));
      child.once('close', (code, signal) => {
        this.clock.clearTimeout(timer);
        if (code !== 0) this.failed(stderr.trim() || `exit ${code ?? signal}`, args);
        resolve();
      });
    });
  }

  /** Logged once per distinct error: a ping every few seconds must not flood the journal. */
  private failed(reason: string, args: string[]): void {
    if (reason === this.lastError) return;
    this.lastError = reason;
    this.log.warn({ reason, message: args.map((a) => a.split('=')[0]) }, 'systemd-notify failed');
  }
}

/** A field value must not break the newline-separated message. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

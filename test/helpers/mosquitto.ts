import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import {
  type ManagedProcess,
  removeOnExit,
  spawnManaged,
  waitUntilListening,
} from './processes.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';

export interface MosquittoOptions {
  /** Fixed port; by default a free one is picked (and re-picked if another process wins it). */
  port?: number;
  /** Require this user; anonymous clients are refused. */
  password?: { username: string; password: string };
}

export interface Mosquitto {
  port: number;
  url: string;
  /** Broker log so far (stderr), for assertion messages. */
  output(): string;
  stop(): Promise<void>;
  /** Stops (if running) and starts again on the same port. Retained messages are lost. */
  restart(): Promise<void>;
}

/** A real Mosquitto on 127.0.0.1, persistence off, logging to stderr. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await runningBroker(port, options.password);
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

async function runningBroker(
  port: number,
  password: MosquittoOptions['password'],
): Promise<Mosquitto> {
  let broker = await launch(port, password);
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    output: () => broker.proc.output(),
    stop: () => broker.stop(),
    async restart() {
      await broker.stop();
      broker = await launch(port, password);
    },
  };
}

interface Launched {
  proc: ManagedProcess;
  stop(): Promise<void>;
}

/** A fresh folder per run for the config and password file, removed once Mosquitto exits. */
async function launch(port: number, password: MosquittoOptions['password']): Promise<Launched> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-mosquitto-'));
  const removeDir = removeOnExit(dir);
  const proc = spawnManaged(MOSQUITTO, ['-c', writeConfig(dir, port, password)]);
  try {
    await waitUntilListening(proc, port, 'mosquitto');
  } catch (err) {
    await proc.stop();
    removeDir();
    throw err;
  }
  return {
    proc,
    async stop() {
      await proc.stop();
      removeDir();
    },
  };
}

function writeConfig(dir: string, port: number, password: MosquittoOptions['password']): string {
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    // Run as root, Mosquitto would switch to user "mosquitto", who cannot read our temp dir.
    `user ${os.userInfo().username}`,
  ];
  if (password === undefined) {
    lines.push('allow_anonymous true');
  } else {
    const passwordFile = path.join(dir, 'passwd');
    execFileSync(MOSQUITTO_PASSWD, [
      '-b',
      '-c',
      passwordFile,
      password.username,
      password.password,
    ]);
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  }
  const configFile = path.join(dir, 'mosquitto.conf');
  writeFileSync(configFile, `${lines.join('\n')}\n`);
  return configFile;
}

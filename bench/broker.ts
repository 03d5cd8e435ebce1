import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BenchBroker {
  url: string;
  stop(): Promise<void>;
}

const MOSQUITTO = '/usr/sbin/mosquitto';
// The kernel's parent-death signal takes the broker down with a bench that crashes.
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 10_000;

/** A throw-away Mosquitto on 127.0.0.1 and a port the OS picks; nothing leaves the loopback. */
export async function startBenchBroker(): Promise<BenchBroker> {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(
      `${MOSQUITTO} not found: the pipeline bench needs Mosquitto (apt install mosquitto)`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-bench-broker-'));
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      // Run as root, Mosquitto would switch to user "mosquitto", who cannot read the temp dir.
      `user ${os.userInfo().username}`,
      '',
    ].join('\n'),
  );
  const [file, args] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', MOSQUITTO, '-c', config]]
    : [MOSQUITTO, ['-c', config]];
  const child = spawn(file, args, { stdio: 'ignore' });
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitListening(port, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `mqtt://127.0.0.1:${port}`, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with code ${child.exitCode}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

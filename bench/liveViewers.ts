import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { processMemory } from './procStats.js';
import { median } from './stats.js';

const TOKEN = 'bench-live-token';

export interface ViewerRound {
  viewers: number;
  /** The daemon's resident memory while the viewers watched (median of one reading a second), MiB. */
  rssMiB: number;
  /** Fragment arrival → socket write, p50/p95 over the hub's recent window (ms); null: none. */
  p50Ms: number | null;
  p95Ms: number | null;
  fragmentsSent: number;
  /** Skipped for a backed-up socket. */
  fragmentsDropped: number;
  /** Not sent while a viewer waited for a keyframe (on joining). */
  fragmentsAwaitingKeyframe: number;
  /** Bytes each viewer read, on average. */
  bytesPerViewer: number;
}

interface PassthroughStats {
  fragments_in: number;
  fragments_sent: number;
  fragments_dropped: number;
  fragments_awaiting_keyframe: number;
  write_latency_ms: { p50: number | null; p95: number | null };
}

/**
 * A fresh daemon (the tiny test model, MQTT pointed at a closed port: recognition runs on
 * without a broker) with one file camera playing `clip` in real time, looped; `viewers`
 * WebSocket clients read its passthrough stream for `holdMs`.
 */
export async function viewerRound(
  clip: string,
  viewers: number,
  holdMs: number,
): Promise<ViewerRound> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-bench-live-'));
  const port = await freePort();
  const config = {
    state_dir: path.join(dir, 'state'),
    mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
    model: {
      path: path.resolve('test/fixtures/tiny_mvit.onnx'),
      labels: path.resolve('labels.txt'),
    },
    http: { port, token: TOKEN },
    homeassistant: { enabled: false },
    cameras: [{ name: 'cam', source: { url: clip, realtime: true, loop: true } }],
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const daemon = spawn(
    process.execPath,
    ['build/src/cli/main.js', 'run', '--config', path.join(dir, 'config.json')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk).slice(-4000)));
  const sockets: WebSocket[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () => ((await passthroughStats(base))?.fragments_in ?? 0) > 0,
      60_000,
      () => `the camera's passthrough stream; daemon stderr: ${stderr.slice(-500)}`,
    );
    const read: number[] = [];
    for (let i = 0; i < viewers; i++) sockets.push(watch(port, read, i));
    await until(
      async () => read.filter((n) => n > 0).length === viewers,
      30_000,
      () => 'viewers',
    );
    const rss: number[] = [];
    for (let waitedMs = 0; waitedMs < holdMs; waitedMs += 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rss.push(processMemory(daemon.pid as number).rssMiB);
    }
    const stats = (await passthroughStats(base)) as PassthroughStats;
    return {
      viewers,
      rssMiB: median(rss),
      p50Ms: stats.write_latency_ms.p50,
      p95Ms: stats.write_latency_ms.p95,
      fragmentsSent: stats.fragments_sent,
      fragmentsDropped: stats.fragments_dropped,
      fragmentsAwaitingKeyframe: stats.fragments_awaiting_keyframe,
      bytesPerViewer: viewers === 0 ? 0 : read.reduce((a, b) => a + b, 0) / viewers,
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await stop(daemon);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A viewer that reads everything, as a playing browser does; counts its bytes in read[i]. */
function watch(port: number, read: number[], i: number): WebSocket {
  read[i] = 0;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/live/cam/h264`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  socket.on('message', (data: Buffer) => {
    read[i] = (read[i] ?? 0) + data.length;
  });
  socket.on('error', () => {});
  return socket;
}

async function passthroughStats(base: string): Promise<PassthroughStats | null> {
  try {
    const response = await fetch(`${base}/api/live`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as {
      cameras: Record<string, { passthrough: PassthroughStats }>;
    };
    return body.cameras.cam?.passthrough ?? null;
  } catch {
    return null;
  }
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

import { connectAsync } from 'mqtt';
import {
  type DaemonProcess,
  labelsFile,
  startDaemon,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import type { MqttCapture } from '../helpers/mqttCapture.js';
import { freePort } from '../helpers/ports.js';
import { liveProcesses } from '../helpers/procScan.js';
import { waitFor } from '../helpers/waitFor.js';

export interface FaultDaemon {
  daemon: DaemonProcess;
  configFile: string;
  httpPort: number;
}

/**
 * Starts the real daemon on the tiny model, its HTTP API on a free port; `config` adds the
 * rest (mqtt, cameras...) and may override either.
 */
export async function startFaultDaemon(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<FaultDaemon> {
  const httpPort = await freePort();
  const configFile = writeTempConfig({
    model: { path: tinyModel, labels: labelsFile },
    http: { port: httpPort },
    ...config,
  });
  return { daemon: startDaemon(configFile, env), configFile, httpPort };
}

/** An mqtt section whose broker never answers: for tests about cameras, not publishing. */
export async function noBroker(prefix: string): Promise<{ url: string; prefix: string }> {
  return { url: `mqtt://127.0.0.1:${await freePort()}`, prefix };
}

export { tearDown } from '../helpers/daemonProcess.js';

/** Waits up to 30 s for camera `name` to be online; on timeout, shows the daemon's output. */
export function waitUntilOnline(
  daemon: DaemonProcess,
  httpPort: number,
  name: string,
  token?: string,
): Promise<unknown> {
  return explained(
    daemon,
    waitFor(async () => (await cameraStatus(httpPort, name, token)).state === 'online', {
      timeoutMs: 30_000,
      what: `camera ${name} online`,
    }),
  );
}

/** The daemon's JSON log lines with `msg`, parsed, from its output so far. */
export function logLines(daemon: DaemonProcess, msg: string): Array<Record<string, unknown>> {
  return daemon
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"msg":${JSON.stringify(msg)}`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One sample of the daemon's /metrics, e.g. metric(text, 'actionwatch_outbox_depth'). */
export function metric(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** GET `url`'s body; with `token`, as a bearer of it (the HTTP API's auth). */
export async function fetchText(url: string, token?: string): Promise<string> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

export interface CameraStatus {
  name: string;
  state: string;
  quality: string;
  frames_in: number;
  restarts: number;
  stalls: number;
  last_error: { reason: string; at: string } | null;
  next_restart_at: string | null;
  [key: string]: unknown;
}

export async function cameraStatus(
  httpPort: number,
  name: string,
  token?: string,
): Promise<CameraStatus> {
  const cameras = JSON.parse(
    await fetchText(`http://127.0.0.1:${httpPort}/api/cameras`, token),
  ) as CameraStatus[];
  const camera = cameras.find((c) => c.name === name);
  if (camera === undefined) throw new Error(`no camera ${name} in /api/cameras`);
  return camera;
}

/**
 * Waits until `capture` receives again after a broker restart: it publishes probes on
 * `topic` until one comes back (the capture resubscribes on its own, a moment later).
 */
export async function waitUntilSubscribed(
  brokerUrl: string,
  capture: MqttCapture,
  topic: string,
): Promise<void> {
  const client = await connectAsync(brokerUrl, { reconnectPeriod: 0, connectTimeout: 5_000 });
  try {
    const marker = `probe-${Date.now()}`;
    await waitFor(
      async () => {
        await client.publishAsync(topic, JSON.stringify({ probe: marker }), { qos: 1 });
        return capture.messages.some((m) => m.payload.toString().includes(marker));
      },
      { timeoutMs: 10_000, intervalMs: 200, what: 'the capture to resubscribe' },
    );
  } finally {
    await client.endAsync(true);
  }
}

/** Payloads in first-arrival order, repeats (at-least-once redeliveries) left out. */
export function firstArrivals(capture: MqttCapture, topic: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const message of capture.messages) {
    const text = message.payload.toString();
    if (message.topic !== topic || text.includes('"probe"') || seen.has(text)) continue;
    seen.add(text);
    order.push(text);
  }
  return order;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Live (not zombie) children of `parentPid` whose command line contains `needle`. */
export function childProcesses(parentPid: number, needle = ''): Promise<number[]> {
  return liveProcesses(needle, parentPid);
}

/** `wait`, with the daemon's last output added to its error: why it never got there. */
export async function explained<T>(daemon: DaemonProcess, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (err) {
    const output = daemon.output().slice(-4000);
    throw new Error(`${(err as Error).message}\n--- daemon output (tail) ---\n${output}`);
  }
}

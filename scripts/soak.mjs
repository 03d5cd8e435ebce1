#!/usr/bin/env node
/**
 * Soak test (not in CI): the built daemon watches 8 cameras for 10 minutes against a local
 * Mosquitto, and its memory and file descriptors are sampled from /proc. Passes when RSS in
 * the last minute is within 10 % of RSS in the minute after warm-up, and the typical (median)
 * number of open files did not grow.
 *
 *   npm run build && node scripts/soak.mjs [--minutes 10] [--cameras 8] [--warmup-s 120]
 *        [--model test/fixtures/tiny_mvit.onnx] [--bounce-broker-s 0] [--no-alerts]
 *
 * Cameras are the clips in ../shared/clips played in real time and looped (ffmpeg decodes
 * them like camera streams). Loose event and alert thresholds make events, alerts and
 * snapshots flow (about one alert a second per camera with the tiny random-weight model)
 * unless --no-alerts. --bounce-broker-s N stops the broker for 5 s every N seconds, so
 * reconnects and the outbox are soaked too. Everything binds to 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    cameras: { type: 'string', default: '8' },
    'warmup-s': { type: 'string', default: '120' },
    model: { type: 'string', default: path.join(root, 'test/fixtures/tiny_mvit.onnx') },
    'bounce-broker-s': { type: 'string', default: '0' },
    'sample-s': { type: 'string', default: '10' },
    'no-alerts': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values.minutes) * 60_000;
const warmupMs = Number(values['warmup-s']) * 1000;
const sampleMs = Number(values['sample-s']) * 1000;
const bounceMs = Number(values['bounce-broker-s']) * 1000;
const RSS_TOLERANCE = 0.1;

const work = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-soak-'));
const children = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});
// Interrupted: exit through 'exit', so the daemon and the broker go too.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args, name) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (!child.stopping) console.error(`${name} exited (${code ?? signal}):\n${tail}`);
  });
  children.push(child);
  return child;
}

async function startBroker(port) {
  const config = path.join(work, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false'];
  lines.push(`user ${os.userInfo().username}`);
  writeFileSync(config, `${lines.join('\n')}\n`);
  const broker = run('/usr/sbin/mosquitto', ['-c', config], 'mosquitto');
  await sleep(500);
  return broker;
}

function stop(child) {
  child.stopping = true;
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', resolve));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alertConfig() {
  return {
    events: { enter_score: 0.03, exit_score: 0.02, min_duration_ms: 0, max_gap_ms: 0 },
    alerts: [{ name: 'soak', min_score: 0, cooldown_ms: 1000 }],
  };
}

function cameraConfigs(count) {
  const clipsDir = path.resolve(root, '../shared/clips');
  const clips = readdirSync(clipsDir).filter((name) => /\.(mp4|mkv|avi)$/.test(name));
  return Array.from({ length: count }, (_, i) => ({
    name: `cam${i + 1}`,
    source: { url: path.join(clipsDir, clips[i % clips.length]), realtime: true, loop: true },
  }));
}

function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  return { rssMb: rssKb / 1024, fds };
}

async function metrics(port) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const sum = (name) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(name))
        .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    return {
      windows: sum('actionwatch_windows_total'),
      reconnects: sum('actionwatch_camera_reconnects_total'),
      outbox: sum('actionwatch_outbox_depth'),
      delivered: sum('actionwatch_outbox_delivered_total'),
      dropped: sum('actionwatch_outbox_dropped_total'),
      up: sum('actionwatch_camera_up'),
    };
  } catch {
    return {};
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const brokerPort = await freePort();
  const httpPort = await freePort();
  let broker = await startBroker(brokerPort);
  const config = path.join(work, 'soak.json');
  writeFileSync(
    config,
    JSON.stringify({
      mqtt: { url: `mqtt://127.0.0.1:${brokerPort}`, prefix: 'soak' },
      model: { path: path.resolve(values.model), labels: path.join(root, 'labels.txt') },
      http: { port: httpPort },
      state_dir: path.join(work, 'state'),
      ...(values['no-alerts'] ? {} : alertConfig()),
      cameras: cameraConfigs(Number(values.cameras)),
    }),
  );
  const daemon = run(
    process.execPath,
    [path.join(root, 'dist/cli/main.js'), 'run', '--config', config],
    'daemon',
  );
  const startedMs = Date.now();
  const samples = [];
  let nextBounceMs = bounceMs > 0 ? startedMs + bounceMs : Number.POSITIVE_INFINITY;
  console.log(
    `soak: ${values.cameras} cameras for ${values.minutes} min, daemon pid ${daemon.pid}`,
  );
  console.log('   t_s  rss_mb  fds  cameras_up  windows  reconnects  outbox  delivered  dropped');
  while (Date.now() - startedMs < durationMs) {
    await sleep(sampleMs);
    if (daemon.exitCode !== null) throw new Error('the daemon exited during the soak');
    if (Date.now() >= nextBounceMs) {
      await stop(broker);
      await sleep(5_000);
      broker = await startBroker(brokerPort);
      nextBounceMs += bounceMs;
    }
    const atMs = Date.now() - startedMs;
    const s = { atMs, ...sample(daemon.pid), ...(await metrics(httpPort)) };
    samples.push(s);
    console.log(
      `${String(Math.round(atMs / 1000)).padStart(6)}  ${s.rssMb.toFixed(1).padStart(6)}  ${String(s.fds).padStart(3)}` +
        `  ${String(s.up ?? '-').padStart(10)}  ${String(s.windows ?? '-').padStart(7)}` +
        `  ${String(s.reconnects ?? '-').padStart(10)}  ${String(s.outbox ?? '-').padStart(6)}` +
        `  ${String(s.delivered ?? '-').padStart(9)}  ${String(s.dropped ?? '-').padStart(7)}`,
    );
  }
  await stop(daemon);
  await stop(broker);

  const warm = samples.filter((s) => s.atMs >= warmupMs && s.atMs < warmupMs + 60_000);
  const last = samples.filter((s) => s.atMs >= durationMs - 60_000);
  const warmRss = mean(warm.map((s) => s.rssMb));
  const lastRss = mean(last.map((s) => s.rssMb));
  // Medians: a file being written or a connection being made adds one for a moment; a leak
  // raises the typical count.
  const warmFds = median(warm.map((s) => s.fds));
  const lastFds = median(last.map((s) => s.fds));
  const rssChange = (lastRss - warmRss) / warmRss;
  const rssOk = Math.abs(rssChange) <= RSS_TOLERANCE;
  const fdsOk = lastFds <= warmFds;
  console.log(
    `RSS after warm-up ${warmRss.toFixed(1)} MB, last minute ${lastRss.toFixed(1)} MB ` +
      `(${(rssChange * 100).toFixed(1)} %, limit ±${RSS_TOLERANCE * 100} %): ${rssOk ? 'ok' : 'FAIL'}`,
  );
  const range = (xs) => `${Math.min(...xs)}..${Math.max(...xs)}`;
  console.log(
    `fds (median) after warm-up ${warmFds} (${range(warm.map((s) => s.fds))}), last minute ` +
      `${lastFds} (${range(last.map((s) => s.fds))}): ${fdsOk ? 'ok' : 'FAIL'}`,
  );
  process.exitCode = rssOk && fdsOk ? 0 : 1;
}

main().catch((err) => {
  console.error(`soak: ${err.stack ?? err}`);
  process.exitCode = 1;
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { liveProcesses } from './procScan.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const cliPath = path.join(repoRoot, 'dist/cli/main.js');
export const tinyModel = path.join(repoRoot, 'test/fixtures/tiny_mvit.onnx');
export const labelsFile = path.join(repoRoot, 'labels.txt');
export const clipsDir = path.resolve(repoRoot, '../shared/clips');

const tempDirs: string[] = [];

/**
 * Writes `config` (an object as JSON, or a string as it is) into a fresh temporary folder
 * and returns its path. removeTempConfigs() deletes them all. Unless an object config names
 * one, its state_dir is a `state` folder beside it: daemons of tests running at the same
 * time must not share one outbox.
 */
export function writeTempConfig(config: unknown, name = 'actionwatch.json'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-test-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  const content =
    typeof config === 'string' ? config : JSON.stringify(withStateDir(config, dir), null, 2);
  writeFileSync(file, content);
  return file;
}

function withStateDir(config: unknown, dir: string): unknown {
  if (typeof config !== 'object' || config === null || 'state_dir' in config) return config;
  return { ...config, state_dir: path.join(dir, 'state') };
}

/** Deletes every folder writeTempConfig made in this test file; call it in afterAll. */
export function removeTempConfigs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> } | undefined;

/**
 * Stops what a test started, in the order given (the daemon first, then what it talks to),
 * skipping what never started, then deletes the test's temp configs.
 */
export async function tearDown(...parts: Stoppable[]): Promise<void> {
  for (const part of parts) {
    if (part === undefined) continue;
    await ('stop' in part ? part.stop() : part.close());
  }
  removeTempConfigs();
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion (for commands that exit on their own). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  return collect(child);
}

export interface DaemonProcess {
  child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then the exit code; SIGKILL if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<CliResult>;
}

/** Starts `actionwatch run --config <file>` as a real process, as systemd would. */
export function startDaemon(configFile: string, env: NodeJS.ProcessEnv = {}): DaemonProcess {
  const child = spawnCli(['run', '--config', configFile], env);
  const result = collect(child);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return {
    child,
    output: () => text,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await result;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Pids of running processes whose command line contains `needle` (from /proc). */
export function processesMatching(needle: string): Promise<number[]> {
  return liveProcesses(needle);
}

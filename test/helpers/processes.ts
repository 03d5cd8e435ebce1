import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { portAccepts } from './ports.js';

const OUTPUT_TAIL_CHARS = 16_000;

// Vitest ends its workers with SIGTERM, which skips 'exit' handlers: the kernel's parent-death
// signal is what reliably takes a broker or camera down with the test that started it.
const SETPRIV = '/usr/bin/setpriv';
const dieWithParent = existsSync(SETPRIV);

/** Children and temp folders still around when the process exits normally (process.exit). */
const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL cannot be refused and needs no waiting.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Removes `dir` when the process exits, or earlier through the returned function. */
export function removeOnExit(dir: string): () => void {
  installExitHook();
  tempDirs.add(dir);
  return () => {
    tempDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface ManagedProcess {
  readonly child: ChildProcess;
  /** The last stdout and stderr text, for error messages. */
  output(): string;
  running(): boolean;
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnManaged(command: string, args: string[]): ManagedProcess {
  installExitHook();
  const [file, argv] = dieWithParent
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]]
    : [command, args];
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let hasExited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('close', () => {
      hasExited = true;
      liveChildren.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      append(Buffer.from(`spawn ${command} failed: ${err.message}\n`));
      hasExited = true;
      liveChildren.delete(child);
      resolve();
    });
  });
  return {
    child,
    output: () => output,
    running: () => !hasExited,
    exited: () => exit,
    async stop(graceMs = 3_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * Resolves once `port` accepts connections; rejects, quoting the process output, if the
 * process exits first or `timeoutMs` passes.
 */
export async function waitUntilListening(
  proc: ManagedProcess,
  port: number,
  name: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (Date.now() < deadlineMs) {
    if (!proc.running()) {
      throw new Error(`${name} exited before listening on port ${port}:\n${proc.output()}`);
    }
    if (await portAccepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await proc.stop();
  throw new Error(`${name} not listening on port ${port} after ${timeoutMs} ms:\n${proc.output()}`);
}

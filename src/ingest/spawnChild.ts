import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/**
 * Children that die with the daemon. Stopping the daemon stops ffmpeg (SIGTERM, then SIGKILL
 * to its process group), but a daemon that is SIGKILLed, OOM-killed or crashes runs no code:
 * its ffmpeg children would be re-parented to init and keep a camera connection (and CPU)
 * forever. The kernel's parent-death signal covers that: setpriv(1) from util-linux sets
 * PR_SET_PDEATHSIG and then execs the command, so the child keeps its pid (and the process
 * group that stop() signals) and gets SIGKILL the moment the daemon's thread that spawned it
 * dies — Node spawns from its main thread, which lives as long as the process.
 *
 * Without setpriv the child is spawned plainly; a streaming ffmpeg then still dies on its next
 * write into the closed stdout pipe (SIGPIPE), only a stalled one lingers. Under systemd,
 * KillMode=control-group also kills every leftover when the service stops or restarts.
 */

const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv'];

let setprivPath: string | null | undefined;

/** setpriv's path, looked up once; null when this system has none. */
export function findSetpriv(): string | null {
  if (setprivPath === undefined) {
    setprivPath = SETPRIV_CANDIDATES.find(isExecutable) ?? null;
  }
  return setprivPath;
}

/** The argv that runs `command` under a parent-death SIGKILL, or null when it cannot. */
export function dieWithParentArgv(
  command: string,
  args: readonly string[],
  setpriv: string | null = findSetpriv(),
): { file: string; args: string[] } | null {
  // A missing command would otherwise be reported by setpriv ("failed to execute") with exit
  // 127 instead of spawn's own clear ENOENT.
  if (setpriv === null || (command.includes('/') && !isExecutable(command))) return null;
  return { file: setpriv, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}

/** child_process.spawn, with the child killed by the kernel if this process dies. */
export function spawnDyingWithParent(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess {
  const wrapped = dieWithParentArgv(command, args);
  return wrapped === null
    ? spawn(command, [...args], options)
    : spawn(wrapped.file, wrapped.args, options);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

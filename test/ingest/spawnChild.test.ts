import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dieWithParentArgv, findSetpriv } from '../../src/ingest/index.js';
import { repoRoot } from '../helpers/daemonProcess.js';
import { waitFor } from '../helpers/waitFor.js';

describe('dieWithParentArgv', () => {
  it('runs the command under setpriv with a parent-death SIGKILL', () => {
    expect(dieWithParentArgv('/usr/bin/ffmpeg', ['-i', 'x'], '/usr/bin/setpriv')).toEqual({
      file: '/usr/bin/setpriv',
      args: ['--pdeathsig', 'KILL', '--', '/usr/bin/ffmpeg', '-i', 'x'],
    });
  });

  it('leaves the command alone without setpriv, or when the command is missing', () => {
    expect(dieWithParentArgv('/usr/bin/ffmpeg', [], null)).toBeNull();
    expect(dieWithParentArgv('/nowhere/ffmpeg', [], '/usr/bin/setpriv')).toBeNull();
  });
});

describe.runIf(findSetpriv() !== null)('spawnDyingWithParent', () => {
  it('takes the child down with a parent that is SIGKILLed', async () => {
    // A parent that spawns a long sleep through the built module, prints its pid, and waits.
    const module = path.join(repoRoot, 'dist/ingest/spawnChild.js');
    const script = `import(${JSON.stringify(module)}).then((m) => {
      const child = m.spawnDyingWithParent('/bin/sleep', ['600'], { detached: true, stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);
    });`;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const childPid = await waitFor(() => Number(/^(\d+)\n/.exec(output)?.[1] ?? 0), {
      what: 'the child pid',
    });
    expect(isAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await waitFor(() => !isAlive(childPid), { timeoutMs: 5_000, what: 'the child to die' });
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

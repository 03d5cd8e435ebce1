import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockStateDir, stateDirHolder } from '../../../src/outputs/mqtt/stateLock.js';

const contender = path.join(import.meta.dirname, 'lockContender.mjs');
const CONTENDERS = 8;
const ROUNDS = 5;

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('state folder lock, contended', () => {
  it('lets exactly one of many daemons starting together have it', async () => {
    for (let round = 0; round < 3; round++) {
      const results = await race(stateDir());
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
    }
  });

  it('lets exactly one of them take over a stale lock', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = stateDir();
      writeFileSync(path.join(dir, 'actionwatch.lock.3'), JSON.stringify(GONE_HOLDER));
      const results = await race(dir);
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
    }
  });

  it('is free again once released, and taken again by the next start', () => {
    const dir = stateDir();
    lockStateDir(dir)();
    expect(stateDirHolder(dir)).toBeNull();
    const unlock = lockStateDir(dir);
    expect(stateDirHolder(dir)?.pid).toBe(process.pid);
    expect(() => lockStateDir(dir)).toThrow(`is in use by process ${process.pid}`);
    unlock();
  });

  it('releases only its own lock', () => {
    const dir = stateDir();
    const unlock = lockStateDir(dir);
    const [ours] = lockFiles(dir);
    // Another daemon took over (it found us gone while we hung, say) with the next generation.
    const generation = Number(ours?.split('.').at(-1));
    const theirs = path.join(dir, `actionwatch.lock.${generation + 1}`);
    writeFileSync(theirs, JSON.stringify({ pid: process.ppid, start: null }));
    unlock();
    expect(readFileSync(theirs, 'utf8')).toContain(String(process.ppid));
    expect(stateDirHolder(dir)?.pid).toBe(process.ppid);
  });

  it('respects a live lock of the versions before generations, and clears a dead one', () => {
    const dir = stateDir();
    const single = path.join(dir, 'actionwatch.lock');
    writeFileSync(single, JSON.stringify({ pid: process.ppid, start: null }));
    expect(() => lockStateDir(dir)).toThrow(`is in use by process ${process.ppid}`);
    writeFileSync(single, JSON.stringify(GONE_HOLDER));
    const unlock = lockStateDir(dir);
    expect(lockFiles(dir)).toEqual(['actionwatch.lock.1']);
    unlock();
  });

  it('clears the older generations it took over from', () => {
    const dir = stateDir();
    for (const generation of [1, 2, 5]) {
      writeFileSync(path.join(dir, `actionwatch.lock.${generation}`), JSON.stringify(GONE_HOLDER));
    }
    const unlock = lockStateDir(dir);
    expect(lockFiles(dir)).toEqual(['actionwatch.lock.6']);
    unlock();
    expect(lockFiles(dir)).toEqual(['actionwatch.lock.7']);
  });
});

/** A pid above Linux's pid_max: no process has it. */
const GONE_HOLDER = { pid: 2 ** 22 + 7, start: '1' };

function lockFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('actionwatch.lock'))
    .sort();
}

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-lock-'));
  dirs.push(dir);
  return dir;
}

/** Starts the contenders, lets them all go at once, and returns what each got. */
async function race(dir: string): Promise<string[]> {
  const started = Array.from({ length: CONTENDERS }, () => startContender(dir));
  await Promise.all(started.map((c) => c.nextLine()));
  for (const c of started) c.child.stdin?.write('go\n');
  const results = await Promise.all(started.map((c) => c.nextLine()));
  for (const c of started) c.child.stdin?.end();
  await Promise.all(started.map((c) => c.exited));
  return results.map((line) => (line.startsWith('lost') ? 'lost' : line));
}

function startContender(dir: string) {
  const child = spawn(process.execPath, [contender, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = () =>
    new Promise<string>((resolve) => {
      const line = lines.shift();
      if (line !== undefined) resolve(line);
      else waiting.push(resolve);
    });
  return { child, nextLine, exited };
}

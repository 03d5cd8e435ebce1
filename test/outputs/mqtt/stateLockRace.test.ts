import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockStateDir } from '../../../src/outputs/mqtt/stateLock.js';

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
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, start: '1' }));
      const results = await race(dir);
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
    }
  });

  it('releases only its own lock', () => {
    const dir = stateDir();
    const file = path.join(dir, LOCK_FILE);
    const unlock = lockStateDir(dir);
    // Another daemon took over (the lock was taken for stale while we hung, say).
    rmSync(file);
    writeFileSync(file, JSON.stringify({ pid: process.pid, start: null }));
    unlock();
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(String(process.pid));
  });
});

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

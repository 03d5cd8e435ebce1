import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxSend } from '../../../src/outputs/mqtt/index.js';
import { captureLog } from './support.js';

/**
 * The journal's write(2) (fs.writeSync), replaced: a disk that fills up on demand. While
 * full, a write gets half of its bytes in and the write continuing it fails with ENOSPC, as
 * on a disk that runs out mid-line; `halving` makes every write short but successful.
 */
const disk = vi.hoisted(() => ({ mode: 'ok' as 'ok' | 'full' | 'halving', shortWritten: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, data: string | Buffer, offset?: number, length?: number) => {
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    const start = typeof data === 'string' ? 0 : (offset ?? 0);
    const wanted = typeof data === 'string' ? buffer.length : (length ?? buffer.length - start);
    if (disk.mode === 'ok') return fs.writeSync(fd, buffer, start, wanted);
    if (disk.mode === 'halving') return fs.writeSync(fd, buffer, start, Math.ceil(wanted / 2));
    if (disk.shortWritten || wanted < 2) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    disk.shortWritten = true;
    return fs.writeSync(fd, buffer, start, Math.floor(wanted / 2));
  };
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const fill = () => {
  disk.mode = 'full';
  disk.shortWritten = false;
};
const free = () => {
  disk.mode = 'ok';
};

const dirs: string[] = [];
const outboxes: Outbox[] = [];

afterEach(async () => {
  free();
  for (const outbox of outboxes.splice(0)) await outbox.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir: string) {
  const log = captureLog();
  const outbox = Outbox.open({ dir, maxMessages: 100, maxBytes: 1_000_000, logger: log.logger });
  outboxes.push(outbox);
  return { outbox, log };
}

const n = (i: number) => JSON.stringify({ n: i });
const CANNOT_WRITE =
  'outbox cannot write its journal (disk full?): events and alerts are kept in memory only until it can';

describe('Outbox on a full disk', () => {
  it('never leaves a torn line for the next message to be glued to', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    outbox.add('aw/events', n(1));
    fill();
    outbox.add('aw/events', n(2));
    free();
    outbox.add('aw/events', n(3));
    await closeAll();
    const file = path.join(dir, 'outbox.jsonl');
    for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
    const { outbox: reopened, log } = open(dir);
    expect(log.linesWithMsg('outbox opened')).toEqual([
      expect.objectContaining({ pending: 3, unreadableLines: 0 }),
    ]);
    expect(sentNs(reopened)).toEqual([1, 2, 3]);
  });

  it('continues a short write until the line is whole', async () => {
    const dir = stateDir();
    const { outbox } = open(dir);
    disk.mode = 'halving';
    outbox.add('aw/events', n(1));
    free();
    await closeAll();
    const { outbox: reopened, log } = open(dir);
    expect(log.linesWithMsg('outbox opened')).toEqual([
      expect.objectContaining({ pending: 1, unreadableLines: 0 }),
    ]);
    expect(sentNs(reopened)).toEqual([1]);
  });

  it('reports an unwritable journal once, and recovers by itself once writes succeed', async () => {
    const { outbox, log } = open(stateDir());
    fill();
    outbox.add('aw/events', n(1));
    outbox.add('aw/events', n(2));
    // The catch-up attempted after it fails too, and is not logged again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.stats()).toMatchObject({ journalWritable: false, depth: 2 });
    expect(outbox.stats().journalErrors).toBeGreaterThanOrEqual(2);
    expect(log.linesWithMsg(CANNOT_WRITE)).toHaveLength(1);
    free();
    outbox.add('aw/events', n(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.stats().journalWritable).toBe(true);
    expect(
      log.linesWithMsg('outbox journal writable again; everything pending is on disk'),
    ).toHaveLength(1);
  });
});

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-outbox-full-'));
  dirs.push(dir);
  return dir;
}

async function closeAll(): Promise<void> {
  for (const outbox of outboxes.splice(0)) await outbox.close();
}

function sentNs(outbox: Outbox): number[] {
  const sent: number[] = [];
  const send: OutboxSend = (_topic, payload) => sent.push(JSON.parse(payload).n);
  outbox.resume(send);
  return sent;
}

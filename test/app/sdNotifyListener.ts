import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeOnExit, spawnManaged } from '../helpers/processes.js';
import { waitFor } from '../helpers/waitFor.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(import.meta.dirname, 'sdNotifyListener.py');

export interface NotifyMessage {
  ms: number;
  text: string;
  pid: number | null;
}

export interface NotifyListener {
  /** The value for NOTIFY_SOCKET. */
  socketPath: string;
  /** Datagrams received so far, systemd-notify's BARRIER=1 round trips left out. */
  messages(): NotifyMessage[];
  /** The first message (received or to come) whose text has `field` as one of its lines. */
  waitForField(field: string, timeoutMs?: number): Promise<NotifyMessage>;
  stop(): Promise<void>;
}

/** A real unix datagram socket bound by sdNotifyListener.py, as systemd's would be. */
export async function startNotifyListener(): Promise<NotifyListener> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionwatch-notify-'));
  const removeDir = removeOnExit(dir);
  const socketPath = path.join(dir, 'notify.sock');
  const proc = spawnManaged(PYTHON, [SCRIPT, socketPath]);
  await waitFor(() => /^READY$/m.test(proc.output()) || !proc.running(), {
    what: 'the notify listener to bind',
  });
  if (!proc.running()) throw new Error(`sdNotifyListener.py failed:\n${proc.output()}`);
  // The helper's output() keeps only the tail; collect every line as it comes.
  const received: NotifyMessage[] = [];
  let partial = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{')) received.push(JSON.parse(line) as NotifyMessage);
    }
  });
  const messages = () => received.filter((m) => m.text !== 'BARRIER=1');
  return {
    socketPath,
    messages,
    waitForField: async (field, timeoutMs = 10_000) => {
      const found = await waitFor(
        () => messages().find((m) => m.text.split('\n').includes(field)),
        {
          timeoutMs,
          what: `a notify message with ${field}`,
        },
      );
      return found as NotifyMessage;
    },
    async stop() {
      await proc.stop();
      removeDir();
    },
  };
}

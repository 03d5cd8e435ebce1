import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { positiveInteger } from './args.js';
import { HotPath } from './hotPath.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { fixed, formatTable } from './stats.js';

export const ALLOC_USAGE = `npm run bench -- alloc [--frames N] [--out DIR]

  Bytes the per-frame JavaScript path allocates (FrameSource and its watchdog, FrameReader,
  FrameRing, ClipScheduler.frameArrived), from V8's sampling heap profiler counting collected
  objects too, with and without windows falling due. The pipe's own chunk buffers are Node's
  and not counted.`;

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocRow {
  scenario: string;
  frames: number;
  windows: number;
  bytesPerFrame: number;
  /** Where the bytes were allocated: function (file:line) → bytes per frame. */
  top: Array<{ where: string; bytesPerFrame: number }>;
}

const SAMPLING_INTERVAL_BYTES = 64;
/** Enough turns of the microtask queue for a scripted run's result to reach the scheduler. */
const MICROTASK_TICKS = 8;
const THIS_FILE = new URL(import.meta.url).pathname;

export async function allocCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      frames: { type: 'string', default: '12800' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const frames = Math.ceil(positiveInteger('frames', values.frames) / 64) * 64;
  const context = contextStart();
  const rows = [
    await measure('a window every 64 frames', 64, frames),
    await measure('a window every 8 frames', 8, frames),
  ];
  const finished = context.finish();
  const split = splitFrameAndWindow(rows[0] as AllocRow, rows[1] as AllocRow);
  for (const row of rows) {
    process.stdout.write(
      `${row.scenario}: ${row.frames} frames, ${row.windows} windows, ${fixed(row.bytesPerFrame)} bytes/frame\n`,
    );
    const table = formatTable(
      ['allocated in', 'bytes/frame'],
      row.top.map((t) => [t.where, fixed(t.bytesPerFrame, 1)]),
    );
    process.stdout.write(`${table}\n\n`);
  }
  process.stdout.write(
    `solved from both: ${fixed(split.bytesPerFrame)} bytes per frame, ${fixed(split.bytesPerWindow, 0)} bytes per window\n`,
  );
  process.stdout.write(`${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'alloc', { context: finished, rows, split });
  process.stdout.write(`wrote ${file}\n`);
}

/** total = frames × perFrame + windows × perWindow, two scenarios, two unknowns. */
export function splitFrameAndWindow(
  a: AllocRow,
  b: AllocRow,
): { bytesPerFrame: number; bytesPerWindow: number } {
  const totalA = a.bytesPerFrame * a.frames;
  const totalB = b.bytesPerFrame * b.frames;
  if (a.frames !== b.frames || a.windows === b.windows) {
    throw new RangeError(
      `scenarios need the same frames and different window counts, got ${a.frames}/${a.windows} and ${b.frames}/${b.windows}`,
    );
  }
  const bytesPerWindow = (totalB - totalA) / (b.windows - a.windows);
  return { bytesPerFrame: (totalA - a.windows * bytesPerWindow) / a.frames, bytesPerWindow };
}

async function measure(scenario: string, stride: number, frames: number): Promise<AllocRow> {
  const path = new HotPath(stride);
  await feed(path, 640); // warm-up: let the JIT settle before counting
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const windowsBefore = path.windowsRun;
  await feed(path, frames);
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
    profile: { head: ProfileNode };
  };
  session.disconnect();
  const windows = path.windowsRun - windowsBefore;
  await path.stop();
  return { scenario, frames, windows, ...attribute(profile.head, frames) };
}

/**
 * One pipe chunk at a time, letting promise callbacks (the scripted inference finishing) run
 * in between as they would between two reads of a real pipe. This function's own awaits
 * allocate; attribute() leaves this file out.
 */
async function feed(path: HotPath, frames: number): Promise<void> {
  const chunks = path.chunksFor(frames);
  for (let i = 0; i < chunks; i++) {
    path.feedChunk();
    for (let tick = 0; tick < MICROTASK_TICKS; tick++) await null;
  }
}

function attribute(head: ProfileNode, frames: number): Pick<AllocRow, 'bytesPerFrame' | 'top'> {
  const bytes = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0 && !url.endsWith(THIS_FILE)) {
      const file = url.slice(url.lastIndexOf('/') + 1) || '(native)';
      const where = `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})`;
      bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  const top = [...bytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([where, b]) => ({ where, bytesPerFrame: b / frames }));
  return { bytesPerFrame: total / frames, top };
}

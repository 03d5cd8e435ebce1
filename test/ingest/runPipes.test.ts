import { describe, expect, it } from 'vitest';
import { frameBytesFor, PassthroughSwitch } from '../../src/ingest/index.js';
import { extraPipesFor } from '../../src/ingest/outputPlan.js';
import { type RunHooks, RunPipes } from '../../src/ingest/runPipes.js';
import { silentLogger } from '../../src/log/index.js';
import { ArraySink, cameraConfig } from './helpers.js';

const output = { cropSize: 4, resizeShortSide: 4, fps: 10, scaleFlags: 'bilinear' };
const bytes = frameBytesFor(output.cropSize);
const crop = { name: 'left', x: 0, y: 0, width: 0.5, height: 1 };

/** Every extra output at once, each recording what reached it. */
function pipesWithEverything() {
  const seen = { jpegs: 0, live: 0, mp4: [] as Buffer[] };
  const regionSink = new ArraySink(bytes);
  const pipes = new RunPipes({
    camera: cameraConfig({ kind: 'file', url: '/a.mp4' }),
    output,
    sink: new ArraySink(bytes),
    snapshots: { fps: 1, width: 320, onJpeg: () => seen.jpegs++ },
    live: { fps: 1, width: 320, onJpeg: () => seen.live++ },
    regions: [{ region: crop, sink: regionSink }],
    passthrough: new PassthroughSwitch({
      runStarted() {},
      push: (c) => seen.mp4.push(c),
      unavailable() {},
    }),
    clock: { now: () => 1000 },
    log: silentLogger(),
  });
  pipes.reset(1000);
  return { pipes, seen, regionSink };
}

function hooks(accepting = true) {
  const calls = { frames: [] as number[], failures: [] as string[] };
  const run: RunHooks = {
    accepting: () => accepting,
    framesArrived: (count) => calls.frames.push(count),
    fail: (reason) => calls.failures.push(reason),
  };
  return { run, calls };
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
const all = extraPipesFor({ snapshots: true, live: true, passthrough: true, regions: 1 });

describe('the pipe readers of a camera’s ffmpeg runs', () => {
  it('reads a pipe for each planned fd and sends each fd’s chunks to its own output', () => {
    const { pipes, seen, regionSink } = pipesWithEverything();
    const { run, calls } = hooks();
    const readers = pipes.readersFor(all, run);
    expect([...readers.pipes.keys()]).toEqual([3, 4, 5, 8]);
    readers.stdout(Buffer.alloc(bytes * 2 + 1));
    readers.pipes.get(3)?.(JPEG);
    readers.pipes.get(4)?.(Buffer.concat([JPEG, JPEG]));
    readers.pipes.get(5)?.(Buffer.from('moof'));
    readers.pipes.get(8)?.(Buffer.alloc(bytes));
    expect(calls.frames).toEqual([2]);
    expect(pipes.frames).toBe(2);
    expect(seen).toEqual({ jpegs: 1, live: 2, mp4: [Buffer.from('moof')] });
    expect(regionSink.frames.length).toBe(1);
    expect(calls.failures).toEqual([]);
  });

  it('drops the output of a run that no longer counts', () => {
    const { pipes, seen, regionSink } = pipesWithEverything();
    const { run, calls } = hooks(false);
    const readers = pipes.readersFor(all, run);
    readers.stdout(Buffer.alloc(bytes));
    for (const read of readers.pipes.values()) read(JPEG);
    expect(calls.frames).toEqual([]);
    expect(seen).toEqual({ jpegs: 0, live: 0, mp4: [] });
    expect(regionSink.frames.length).toBe(0);
  });

  it('gives the run up when a sink throws, saying which', () => {
    const broken = {
      frameBytes: bytes,
      nextSlot: () => {
        throw new Error('ring closed');
      },
      commit: () => {},
    };
    const pipes = new RunPipes({
      camera: cameraConfig(),
      output,
      sink: broken,
      regions: [{ region: crop, sink: broken }],
      passthrough: new PassthroughSwitch(undefined),
      clock: { now: () => 0 },
      log: silentLogger(),
    });
    const { run, calls } = hooks();
    const readers = pipes.readersFor(
      extraPipesFor({ snapshots: false, live: false, passthrough: false, regions: 1 }),
      run,
    );
    readers.stdout(Buffer.alloc(bytes));
    readers.pipes.get(8)?.(Buffer.alloc(bytes));
    expect(calls.failures).toEqual([
      'cannot store frames: ring closed',
      'cannot store region frames: ring closed',
    ]);
  });
});
